// The built single-file bundle as a host page loads it: it registers every tag, exports the API and fetches a
// locale from beside itself; and the manifest that documents it.
import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { INTERNAL_MEMBERS } from '../scripts/internal-members.ts';
import { aMember, educatorMe, fakeApi, reportRoutes, rosterRoutes } from './internal/fake-api.ts';
import { waitUntil } from './internal/test-helpers.ts';

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

  it('speaks another language with the locale module built beside it', async () => {
    await import(bundleUrl);
    // No token: the element waits, showing its placeholder, whose words are German.
    const el = await fixture(html`<book-session lang="de" course-id="c-1"></book-session>`);
    await waitUntil(() => el.shadowRoot?.textContent?.includes('Wird geladen…'), 'the German texts never came');
  });
});

describe('custom-elements.json', () => {
  interface Declaration {
    tagName?: string;
    attributes?: { name: string }[];
    events?: { name: string }[];
    members?: { name: string; privacy?: string }[];
    cssParts?: { name: string }[];
    cssProperties?: { name: string }[];
  }

  it('documents the four tags, and none of the member names the bundle shortens', async () => {
    const manifest = await (await fetch(new URL('../custom-elements.json', import.meta.url))).json();
    const declarations: Declaration[] = manifest.modules.flatMap(
      (module: { declarations?: Declaration[] }) => module.declarations ?? [],
    );
    const byTag = new Map(
      declarations.filter((declaration) => declaration.tagName).map((declaration) => [declaration.tagName, declaration]),
    );
    expect([...byTag.keys()].sort()).to.deep.equal([
      'availability-manager',
      'book-session',
      'my-session-requests',
      'session-requests',
    ]);
    for (const [tag, declaration] of byTag) {
      const attributes = declaration.attributes?.map((attribute) => attribute.name) ?? [];
      expect(attributes, tag).to.include.members(['api-base', 'token', 'heading-level']);
      expect(declaration.events?.length, `${tag} events`).to.be.greaterThan(0);
      expect(declaration.cssParts?.length, `${tag} parts`).to.be.greaterThan(0);
      expect(declaration.cssProperties?.length, `${tag} custom properties`).to.be.greaterThan(0);
      const publicNames = (declaration.members ?? [])
        .filter((member) => (member.privacy ?? 'public') === 'public')
        .map((member) => member.name);
      expect(
        publicNames.filter((name) => INTERNAL_MEMBERS.includes(name)),
        tag,
      ).to.deep.equal([]);
    }
    expect(byTag.get('book-session')?.attributes?.map((attribute) => attribute.name)).to.include('course-id');
  });
});

describe('widgets.js views loaded when opened', () => {
  it("fetches <session-requests>' Students and Reports from beside the bundle, and they work", async () => {
    await import(bundleUrl);
    const api = fakeApi({
      'GET /api/me': { body: educatorMe },
      'GET /api/session/educator/requests': { body: { items: [], nextCursor: null } },
      ...rosterRoutes('c-101', [aMember({ name: 'Annie Easley', attended: 1 })]),
      ...reportRoutes('c-101'),
    });
    try {
      const el = await fixture<HTMLElement & { view: string }>(
        html`<session-requests token="t" view="students"></session-requests>`,
      );
      const shows = (text: string) => el.shadowRoot?.textContent?.includes(text);
      await waitUntil(() => shows('Annie Easley') && shows('Attended: 1'), 'the Students view never showed');
      el.view = 'reports';
      await waitUntil(() => shows('Attendance rate') && shows('83%'), 'the Reports view never showed');
    } finally {
      api.restore();
    }
  });
});
