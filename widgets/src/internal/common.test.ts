// What every widget shares, checked on each: loading, errors with retry, the token provider
// after a 401, registration, and accessibility in every state.
import { expect, fixture } from '@open-wc/testing';
import { html, unsafeStatic } from 'lit/static-html.js';
import '../define.ts';
import { configure } from './config.ts';
import { aCourseSlot, aRequest, aSlot, educatorMe, fakeApi } from './fake-api.ts';
import type { SessionElement } from './session-element.ts';
import { $, loaded, named, waitUntil } from './test-helpers.ts';

/** Each widget's paged list: its route and an item with a given id. */
const pagedLists: Record<string, [string, (id: string) => { id: string }]> = {
  'book-session': ['GET /api/availability/course/c-101', (id) => aCourseSlot({ id })],
  'my-session-requests': ['GET /api/session/my-requests', (id) => aRequest({ id })],
  'session-requests': ['GET /api/session/educator/requests', (id) => aRequest({ id }, 'educator')],
  'availability-manager': ['GET /api/availability/educator/slots', (id) => aSlot({ id })],
};

const lists: Record<string, [string, unknown][]> = {
  'book-session': [['GET /api/availability/course/c-101', { items: [aCourseSlot()] }]],
  'my-session-requests': [['GET /api/session/my-requests', { items: [aRequest()] }]],
  'session-requests': [
    ['GET /api/me', educatorMe],
    ['GET /api/session/educator/requests', { items: [aRequest({}, 'educator')] }],
  ],
  'availability-manager': [
    ['GET /api/me', educatorMe],
    ['GET /api/availability/educator/slots', { items: [aSlot()] }],
  ],
};

// <availability-manager> shows its list (not its week) in every state here.
const mount = (tag: string, token = 't') =>
  fixture<SessionElement>(html`<${unsafeStatic(tag)} course-id="c-101" view="list" token=${token}></${unsafeStatic(tag)}>`);

for (const [tag, routes] of Object.entries(lists)) {
  describe(`<${tag}> common behaviour`, () => {
    let api: ReturnType<typeof fakeApi> | undefined;
    afterEach(() => {
      api?.restore();
      api = undefined;
    });

    it('is registered once, and loading the definitions again does not throw', async () => {
      expect(customElements.get(tag)).to.exist;
      await import(`../define.ts?again=${tag}`);
    });

    it('waits, calling nothing, until the page configures a token, then loads', async () => {
      api = fakeApi(Object.fromEntries(routes.map(([route, body]) => [route, { body }])));
      const el = await fixture<SessionElement>(html`<${unsafeStatic(tag)} course-id="c-101" view="list"></${unsafeStatic(tag)}>`);
      expect($(el, '[part~=loading]')).to.exist;
      expect(api.calls).to.have.length(0);
      configure({ token: 'late' });
      try {
        await loaded(el);
        expect(api.calls.every((call) => call.token === 'late')).to.equal(true);
      } finally {
        configure({ token: undefined });
      }
    });

    it('shows a stable placeholder while loading', async () => {
      api = fakeApi(Object.fromEntries(routes.map(([route]) => [route, () => new Promise(() => {})])));
      const el = await mount(tag);
      expect($(el, '[part~=loading]')?.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('shows an error with a retry that loads again', async () => {
      let failing = true;
      api = fakeApi(
        Object.fromEntries(
          routes.map(([route, body]) => [route, () => (failing ? { status: 503, code: 'internal' } : { body })]),
        ),
      );
      const el = await mount(tag);
      await waitUntil(() => $(el, '[part~=error]'));
      expect($(el, '[part~=error]')?.getAttribute('role')).to.equal('alert');
      await expect(el).to.be.accessible();
      failing = false;
      named(el, 'Try again')?.click();
      await loaded(el);
      expect($(el, '[part~=error]')).to.not.exist;
    });

    it('asks the token provider for a fresh token after a 401, once', async () => {
      api = fakeApi(
        Object.fromEntries(
          routes.map(([route, body]) => [
            route,
            (call) => (call.token === 'fresh' ? { body } : { status: 401, code: 'unauthenticated' }),
          ]),
        ),
      );
      const el = await fixture<SessionElement>(
        html`<${unsafeStatic(tag)} course-id="c-101" view="list" .tokenProvider=${() => 'fresh'}></${unsafeStatic(tag)}>`,
      );
      await loaded(el);
      expect($(el, '[part~=error]')).to.not.exist;
      expect(api.calls.every((call) => call.token === 'fresh')).to.equal(true);
    });

    it('shows more on demand, and a live reload keeps everything it showed', async () => {
      const [route, item] = pagedLists[tag];
      const first = Array.from({ length: 50 }, (_, n) => item(`a${n}`));
      const second = Array.from({ length: 10 }, (_, n) => item(`b${n}`));
      api = fakeApi({
        ...Object.fromEntries(routes.map(([other, body]) => [other, { body }])),
        [route]: (call) => {
          const query = new URL(call.path, 'https://x').searchParams;
          if (query.get('cursor') === 'page-2') return { body: { items: second, nextCursor: null } };
          return { body: { items: [...first, ...second].slice(0, Number(query.get('limit'))), nextCursor: 'page-2' } };
        },
      });
      const el = await mount(tag);
      await loaded(el);
      expect(el.shadowRoot?.querySelectorAll('[part~=item]')).to.have.length(50);
      ($(el, '[part~=more]') as HTMLButtonElement).click();
      await waitUntil(() => el.shadowRoot?.querySelectorAll('[part~=item]').length === 60, 'the next page never showed');
      await waitUntil(() => ($(el, '[role=status]')?.textContent ?? '') === '10 more shown.');
      expect($(el, '[part~=more]')).to.not.exist;
      el.reload();
      const path = route.split(' ')[1];
      await waitUntil(() => api?.calls.filter((call) => call.path.startsWith(path)).length === 3);
      // The paging, past the agenda's `from` (where its list starts).
      expect(
        api.calls
          .filter((call) => call.path.startsWith(path))
          .map((call) => new URL(call.path, 'https://x').search.replace(/from=[^&]*&/, '')),
      ).to.deep.equal(['?limit=50', '?cursor=page-2', '?limit=60']);
    });

    it('is accessible once loaded', async () => {
      api = fakeApi(Object.fromEntries(routes.map(([route, body]) => [route, { body }])));
      const el = await mount(tag);
      await loaded(el);
      await expect(el).to.be.accessible();
    });
  });
}

describe('a call that gets no answer', () => {
  const original = window.fetch;
  afterEach(() => {
    window.fetch = original;
  });

  /** The browser refuses every CORS call; `serviceUp` decides whether a no-cors one reaches the service. */
  const refuse = (serviceUp: boolean) => {
    const seen: string[] = [];
    window.fetch = async (input, init) => {
      seen.push(`${init?.mode ?? 'cors'} ${new URL(String(input)).pathname}`);
      if (init?.mode === 'no-cors' && serviceUp) return new Response(null);
      throw new TypeError('Failed to fetch');
    };
    return seen;
  };

  it('says the site is not allowed when the service answers but the browser keeps the answer from the page', async () => {
    const seen = refuse(true);
    const logged: string[] = [];
    const error = console.error;
    console.error = (message: string) => logged.push(message);
    try {
      const el = await mount('book-session');
      await loaded(el);
      expect($(el, '[part~=error]')?.textContent).to.include('This site may not use the booking service.');
      expect(seen).to.include.members(['cors /api/availability/course/c-101', 'no-cors /api/health']);
      expect(logged[0]).to.include(`this page's origin ${location.origin}`);
    } finally {
      console.error = error;
    }
  });

  it('says the service cannot be reached when nothing answers', async () => {
    refuse(false);
    const el = await mount('book-session');
    await loaded(el);
    expect($(el, '[part~=error]')?.textContent).to.include('Cannot reach the booking service.');
  });
});
