// The built widgets.js on a page that has all four elements when it loads: their code comes in one file, the
// build's file of the four (dist/.vite/together.json), rather than a chunk each; every element works, and the views
// they open come bundled with that file; an item's form works with the members the build shortened. Its own page:
// widgets.js must not have loaded before.
import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { aCourseSlot, aMember, aRequest, educatorMe, fakeApi, inHours, reportRoutes, rosterRoutes } from './internal/fake-api.ts';
import { $, labelled, loaded, named, type, waitForText, waitUntil } from './internal/test-helpers.ts';

const dist = new URL('../dist/', import.meta.url);
const read = async (file: string) => (await fetch(new URL(file, dist))).json();

/** Every script of dist/ the page has fetched, as a path under dist/ (`chunks/shared-….js`); locales aside. */
function scriptsFetched(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => url.startsWith(dist.href) && url.endsWith('.js'))
    .map((url) => url.slice(dist.href.length))
    .filter((file) => !file.startsWith('locales/'))
    .sort();
}

describe('widgets.js on a page with all four elements', () => {
  it('fetches widgets.js, the chunks it imports and the one file of the four, whose elements and views work', async () => {
    const manifest = await read('.vite/manifest.json');
    const { sets, files } = await read('.vite/together.json');
    const api = fakeApi({
      'GET /api/availability/course/c-101': {
        body: { items: [aCourseSlot({ id: 's1', startsAt: inHours(24), endsAt: inHours(24.5) })], nextCursor: null },
      },
      'GET /api/session/my-requests': { body: { items: [aRequest({ courseTitle: 'Graph Theory' })], nextCursor: null } },
      'GET /api/me': { body: educatorMe },
      'GET /api/session/educator/requests': { body: { items: [], nextCursor: null } },
      'GET /api/availability/educator/slots': { body: { items: [], nextCursor: null } },
      ...rosterRoutes('c-101', [aMember({ name: 'Annie Easley', attended: 1 })]),
      ...reportRoutes('c-101'),
    });
    try {
      document.body.insertAdjacentHTML(
        'beforeend',
        `<book-session lang="en" course-id="c-101" token="t"></book-session>
        <my-session-requests lang="en" token="t"></my-session-requests>
        <session-requests lang="en" token="t" view="reports"></session-requests>
        <availability-manager lang="en" token="t"></availability-manager>`,
      );
      const tags = ['book-session', 'my-session-requests', 'session-requests', 'availability-manager'];
      await import(new URL('widgets.js', dist).href);
      await Promise.all(tags.map((tag) => customElements.whenDefined(tag)));
      const [booking, mine, requests, availability] = tags.map((tag) => document.querySelector(tag) as HTMLElement);
      await loaded(booking);
      await waitForText(mine, 'Graph Theory');
      await waitUntil(
        () => requests.shadowRoot?.textContent?.includes('Attendance rate') && requests.shadowRoot.textContent.includes('83%'),
        'the Reports view never showed',
      );
      await waitUntil(() => $(availability, '[part~=week], [part~=empty]'), '<availability-manager> never showed its slots');

      const four = Object.values(sets as Record<string, { tags: string[]; file: string }>).find((set) => set.tags.length === 4);
      const loader = manifest['src/widgets.ts'];
      const loaderFiles = [loader.file, ...loader.imports.map((key: string) => manifest[key].file)];
      // Besides, only the views the elements opened (Reports here; the week at this width), each bundled with the file.
      const views = scriptsFetched().filter((file) => !loaderFiles.includes(file) && file !== four?.file);
      expect(views.map((file) => file.replace(/-[\w-]{8}\.js$/, '')).sort()).to.include('chunks/reports-view');
      for (const view of views) expect(files[four?.file as string].dynamicImports, view).to.include(view);
      expect(scriptsFetched()).to.include.members([...loaderFiles, four?.file]);
    } finally {
      api.restore();
    }
  });

  it('opens, closes and sends an item’s form, with the internal members the build shortened', async () => {
    const pending = aRequest({ id: 'r-1' });
    const cancelled = {
      ...pending,
      status: 'cancelled' as const,
      cancelledBy: 'student' as const,
      cancellationReason: 'Solved it',
    };
    const api = fakeApi({
      'GET /api/session/my-requests': { body: { items: [pending], nextCursor: null } },
      'PUT /api/session/cancel/r-1': { body: cancelled },
    });
    try {
      document.body.insertAdjacentHTML('beforeend', '<my-session-requests lang="en" token="t" id="mine"></my-session-requests>');
      const el = document.getElementById('mine') as HTMLElement;
      await loaded(el);
      const focused = () => el.shadowRoot?.activeElement?.textContent?.trim();
      named(el, 'Cancel request')?.click();
      await waitUntil(() => $(el, '[part~=form]'));
      await waitUntil(
        () => el.shadowRoot?.activeElement === labelled(el, 'Why are you cancelling?'),
        'the field was not focused',
      );
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !$(el, '[part~=form]') && focused() === 'Cancel request', 'Escape did not close the form');
      named(el, 'Cancel request')?.click();
      await waitUntil(() => $(el, '[part~=form]'));
      type(labelled(el, 'Why are you cancelling?'), 'Solved it');
      setTimeout(() => named(el, 'Yes, cancel')?.click());
      const event = await oneEvent(el, 'request-cancelled');
      expect(event.detail.request).to.deep.equal(cancelled);
      expect(api.callsTo('PUT', '/api/session/cancel/r-1')[0].body).to.deep.equal({ reason: 'Solved it' });
      await waitUntil(() => $(el, '[role=status]')?.textContent === 'Request cancelled.', 'the cancellation was not read out');
    } finally {
      api.restore();
    }
  });
});
