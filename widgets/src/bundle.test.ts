// The built widgets.js as a host page loads it: it registers each tag and imports the element's chunk the first time
// the tag is on the page (in a host's shadow root once `discover(root)` is called), exports the API, fetches a
// locale from beside itself; and the manifest that documents the tags. The tests share one page, in order: the
// first meets a page whose only widget is <book-session>.
import { expect } from '@open-wc/testing';
import { INTERNAL_MEMBERS } from '../scripts/internal-members.ts';
import {
  aCourseSlot,
  aMember,
  aRequest,
  aSlot,
  educatorMe,
  type FakeApi,
  fakeApi,
  inHours,
  notificationRoutes,
  reportRoutes,
  rosterRoutes,
  waitlistRoutes,
} from './internal/fake-api.ts';
import { $$, loaded, named, waitUntil } from './internal/test-helpers.ts';

const bundleUrl = new URL('../dist/widgets.js', import.meta.url).href;
type Bundle = typeof import('./widgets.ts');

/** Every file of dist/ the page has fetched so far, as a path under dist/ (`chunks/shared-….js`). */
const fetched = new Set<string>();
const record = (entries: PerformanceEntryList) => {
  for (const entry of entries) {
    const path = new URL(entry.name).pathname;
    if (path.includes('/dist/')) fetched.add(path.slice(path.indexOf('/dist/') + '/dist/'.length));
  }
};
const resources = new PerformanceObserver((list) => record(list.getEntries()));
resources.observe({ type: 'resource' });
function fetchedFromDist(): Set<string> {
  record(resources.takeRecords());
  return fetched;
}

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}
const manifest: Record<string, Chunk> = await (await fetch(new URL('../dist/.vite/manifest.json', import.meta.url))).json();
/** The files of dist/ a page needs for the manifest's `keys`: their chunks and what those import, recursively. */
function filesFor(...keys: ((key: string) => boolean)[]): string[] {
  const files = new Set<string>();
  const add = (key: string) => {
    if (files.has(manifest[key].file)) return;
    files.add(manifest[key].file);
    for (const imported of manifest[key].imports ?? []) add(imported);
  };
  for (const wanted of keys) for (const key of Object.keys(manifest).filter(wanted)) add(key);
  return [...files].sort();
}
const loader = (key: string) => key === 'src/widgets.ts';
const element = (tag: string) => (key: string) => key === `src/${tag}/${tag}.ts`;

describe('widgets.js', () => {
  let api: FakeApi;
  before(() => {
    api = fakeApi({
      'GET /api/availability/course/c-101': {
        body: { items: [aCourseSlot({ id: 's1', startsAt: inHours(24), endsAt: inHours(24.5) })] },
      },
      'POST /api/session/request': { status: 201, body: aRequest({ slotId: 's1' }) },
    });
  });
  after(() => api.restore());
  let bundle: Bundle;
  let booking: HTMLElement;

  it('on a page with only <book-session>, fetches widgets.js, the chunks it imports and that element’s, no other element', async () => {
    document.body.insertAdjacentHTML('beforeend', '<book-session lang="en" course-id="c-101" token="t-1"></book-session>');
    booking = document.querySelector('book-session') as HTMLElement;
    bundle = (await import(bundleUrl)) as Bundle;
    await customElements.whenDefined('book-session');
    await loaded(booking);
    const scripts = [...fetchedFromDist()].filter((file) => file.endsWith('.js') && !file.startsWith('locales/')).sort();
    expect(scripts).to.deep.equal(filesFor(loader, element('book-session')));
    expect(customElements.get('my-session-requests'), 'an element not on the page').to.equal(undefined);
  });

  it('exports configure, discover, ApiError and the event classes, and the elements fire instances of those classes', async () => {
    for (const name of ['configure', 'discover', 'ApiError', 'RequestSentEvent', 'SlotDeletedEvent', 'SeriesCreatedEvent']) {
      expect(bundle[name as keyof Bundle], name).to.be.a('function');
    }
    const sent = new Promise<Event>((resolve) => booking.addEventListener('request-sent', resolve, { once: true }));
    $$<HTMLInputElement>(booking, 'input[type=radio]')[0].click();
    await waitUntil(() => !(named(booking, 'Send request') as HTMLButtonElement).disabled, 'the time was never chosen');
    named(booking, 'Send request')?.click();
    const event = await sent;
    expect(event).to.be.an.instanceOf(bundle.RequestSentEvent);
    expect(api.callsTo('POST', '/api/session/request')[0].body).to.deep.equal({ slotId: 's1' });
  });

  it('defines a tag added to the page later, fetching its element’s chunk then', async () => {
    const later = document.createElement('my-session-requests');
    later.lang = 'en';
    document.body.append(later);
    await waitUntil(() => later.matches(':defined') && later.shadowRoot, '<my-session-requests> was never defined');
    for (const file of filesFor(element('my-session-requests'))) expect(fetchedFromDist()).to.include(file);
  });

  it('defines the tags in a shadow root once discover(root) is called, and the tags added to it later', async () => {
    const host = document.body.appendChild(document.createElement('div'));
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<session-requests lang="en"></session-requests>';
    await bundle.discover(root);
    expect(root.querySelector('session-requests')?.matches(':defined')).to.equal(true);
    const later = root.appendChild(document.createElement('availability-manager'));
    await waitUntil(() => later.matches(':defined') && later.shadowRoot, '<availability-manager> was never defined');
  });

  it('can be loaded twice: the second copy runs and leaves the registrations in place', async () => {
    const registered = customElements.get('book-session');
    const second = (await import(`${bundleUrl}?second`)) as Bundle;
    expect(second.configure).to.be.a('function');
    await second.discover(document);
    expect(customElements.get('book-session')).to.equal(registered);
  });

  it('speaks another language with the locale module built beside it', async () => {
    document.body.insertAdjacentHTML('beforeend', '<book-session lang="de" id="german" course-id="c-1"></book-session>');
    const german = document.getElementById('german') as HTMLElement;
    // No token: the element waits, showing its placeholder, whose words are German.
    await waitUntil(() => german.shadowRoot?.textContent?.includes('Wird geladen…'), 'the German texts never came');
    expect(fetchedFromDist()).to.include('locales/de.js');
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
      const el = document.createElement('session-requests') as HTMLElement & { view: string };
      el.setAttribute('lang', 'en');
      el.setAttribute('token', 't');
      el.setAttribute('view', 'students');
      document.body.append(el);
      const shows = (text: string) => el.shadowRoot?.textContent?.includes(text);
      await waitUntil(() => shows('Annie Easley') && shows('Attended: 1'), 'the Students view never showed');
      el.view = 'reports';
      await waitUntil(() => shows('Attendance rate') && shows('83%'), 'the Reports view never showed');
      const views = Object.keys(manifest)
        .filter((key) => /session-requests\/(students|reports)-view\.ts$/.test(key))
        .map((key) => manifest[key].file);
      expect(views.length, 'the views are chunks of their own').to.equal(2);
      for (const file of views) expect(fetchedFromDist()).to.include(file);
    } finally {
      api.restore();
    }
  });

  it("fetches a slot's and a request's forms from beside the bundle the first time they open, and they show", async () => {
    await import(bundleUrl);
    const later = aCourseSlot({ id: 'slot-2', startsAt: inHours(48), endsAt: inHours(49) });
    const api = fakeApi({
      'GET /api/me': { body: educatorMe },
      'GET /api/availability/educator/slots': { body: { items: [aSlot()], nextCursor: null } },
      'GET /api/session/my-requests': { body: { items: [aRequest()], nextCursor: null } },
      'GET /api/availability/course/c-101': { body: { items: [later], nextCursor: null } },
      ...notificationRoutes(true),
    });
    try {
      const slots = Object.assign(document.createElement('availability-manager'), { token: 't', view: 'list' });
      const requests = Object.assign(document.createElement('my-session-requests'), { token: 't' });
      for (const el of [slots, requests]) el.setAttribute('lang', 'en');
      document.body.append(slots, requests);
      const opens = async (el: Element, opener: string, shown: string) => {
        await waitUntil(() => named(el, opener), `${opener} never showed`);
        named(el, opener)?.click();
        await waitUntil(() => el.shadowRoot?.textContent?.includes(shown), `${shown} never showed`);
      };
      await opens(slots, 'Edit', 'Save changes');
      await opens(slots, 'Discard', 'Delete');
      await opens(slots, 'Delete', 'Yes, delete');
      await opens(requests, 'Cancel request', 'Why are you cancelling? (optional)');
      await opens(requests, 'Keep as it is', 'Move');
      await opens(requests, 'Move', 'New time');
      // The Notifications switch comes with the list, from a module of its own.
      await waitUntil(() => requests.shadowRoot?.textContent?.includes('Email me about my sessions'), 'no Notifications switch');
      const forms = Object.keys(manifest)
        .filter((key) => /(slot-forms|move-form|cancel-form|email-switch)\.ts$/.test(key))
        .map((key) => manifest[key].file);
      expect(forms.length, 'the forms are chunks of their own').to.equal(4);
      for (const file of forms) expect(fetchedFromDist()).to.include(file);
      slots.remove();
      requests.remove();
    } finally {
      api.restore();
    }
  });

  it('fetches the waitlist part from beside the bundle when a course shows no open time, and it works', async () => {
    await import(bundleUrl);
    const api = fakeApi({
      'GET /api/availability/course/c-empty': { body: { items: [], nextCursor: null } },
      ...waitlistRoutes('c-empty'),
    });
    try {
      const el = Object.assign(document.createElement('book-session'), { token: 't' });
      el.setAttribute('lang', 'en');
      el.setAttribute('course-id', 'c-empty');
      document.body.append(el);
      await waitUntil(() => named(el, 'Tell me when a time opens'), 'the waitlist never offered itself');
      named(el, 'Tell me when a time opens')?.click();
      await waitUntil(() => el.shadowRoot?.textContent?.includes("We'll email you when a time opens."), 'joining never showed');
      const part = Object.keys(manifest).filter((key) => /waitlist-offer\.ts$/.test(key));
      expect(part.length, 'the waitlist part is a chunk of its own').to.equal(1);
      expect(fetchedFromDist()).to.include(manifest[part[0]].file);
      el.remove();
    } finally {
      api.restore();
    }
  });
});
