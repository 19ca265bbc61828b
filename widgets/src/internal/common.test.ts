// What every widget shares, checked on each: loading, errors with retry, the token provider
// after a 401, registration, and accessibility in every state.
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { html, unsafeStatic } from 'lit/static-html.js';
import '../define.ts';
import { configure } from './config.ts';
import { aCourseSlot, aRequest, aSlot, educatorMe, fakeApi } from './fake-api.ts';
import type { SessionElement } from './session-element.ts';
import { $, named } from './test-queries.ts';

const lists: Record<string, [string, unknown][]> = {
  'book-session': [['GET /api/availability/course/c-101', { items: [aCourseSlot()] }]],
  'my-session-requests': [['GET /api/session/my-requests', { items: [aRequest()] }]],
  'session-requests': [
    ['GET /api/me', educatorMe],
    ['GET /api/session/educator/requests', { items: [aRequest()] }],
  ],
  'availability-manager': [
    ['GET /api/me', educatorMe],
    ['GET /api/availability/educator/slots', { items: [aSlot()] }],
  ],
};

const mount = (tag: string, token = 't') =>
  fixture<SessionElement>(html`<${unsafeStatic(tag)} course-id="c-101" token=${token}></${unsafeStatic(tag)}>`);

const settled = (el: Element) =>
  waitUntil(() => $(el, '[part~=list], [part~=form], [part~=error]') && !$(el, '[part~=loading]'), 'never settled');

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
      const el = await fixture<SessionElement>(html`<${unsafeStatic(tag)} course-id="c-101"></${unsafeStatic(tag)}>`);
      expect($(el, '[part~=loading]')).to.exist;
      expect(api.calls).to.have.length(0);
      configure({ token: 'late' });
      try {
        await settled(el);
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
      await settled(el);
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
        html`<${unsafeStatic(tag)} course-id="c-101" .tokenProvider=${() => 'fresh'}></${unsafeStatic(tag)}>`,
      );
      await settled(el);
      expect($(el, '[part~=error]')).to.not.exist;
      expect(api.calls.every((call) => call.token === 'fresh')).to.equal(true);
    });

    it('is accessible once loaded', async () => {
      api = fakeApi(Object.fromEntries(routes.map(([route, body]) => [route, { body }])));
      const el = await mount(tag);
      await settled(el);
      await expect(el).to.be.accessible();
    });
  });
}
