// The built single-file bundle as a host page loads it: it registers every tag and exports the API.
import { expect } from '@open-wc/testing';

const bundleUrl = new URL('../dist/widgets.js', import.meta.url).href;

describe('widgets.js', () => {
  it('registers all four tags and exports configure and the classes', async () => {
    const bundle = (await import(bundleUrl)) as typeof import('./widgets.ts') & Record<string, unknown>;
    for (const [tag, name] of [
      ['book-session', 'BookSession'],
      ['my-session-requests', 'MySessionRequests'],
      ['session-requests', 'SessionRequests'],
      ['availability-manager', 'AvailabilityManager'],
    ]) {
      expect(customElements.get(tag), tag).to.equal(bundle[name]);
    }
    expect(bundle.configure).to.be.a('function');
  });

  it('can be loaded twice without throwing', async () => {
    await import(`${bundleUrl}?second`);
    expect(customElements.get('book-session')).to.exist;
  });
});
