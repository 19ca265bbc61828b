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

  it('can be loaded twice: the second copy runs and leaves the first registration in place', async () => {
    const first = (await import(bundleUrl)) as Record<string, unknown>;
    const second = (await import(`${bundleUrl}?second`)) as Record<string, unknown>;
    expect(second.BookSession).to.be.a('function');
    expect(second.BookSession).to.not.equal(first.BookSession);
    expect(customElements.get('book-session')).to.equal(first.BookSession);
  });
});
