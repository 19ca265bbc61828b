import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.ts';
import { aSlot, educatorMe, type FakeApi, fakeApi, inHours, liveStream, type Routes } from '../internal/fake-api.ts';
import { $, $$, labelled, loaded, named, type, waitUntil, within } from '../internal/test-helpers.ts';
import type { AvailabilityManager } from './availability-manager.ts';
import { firstDayOf } from './week-dates.ts';

const SLOTS = '/api/availability/educator/slots';
/** The README's dark theme: its page and its tokens. */
const DARK_THEME =
  'background: #14171c; color: #e8eaed; color-scheme: dark; --oo-accent: #8ab4f8; --oo-on-accent: #14171c; --oo-danger: #f28b82; --oo-success: #81c995; padding: 1rem';
// The tests' now is Tuesday 4 March 2031, 09:00 in Berlin: inHours(25) is Wednesday 10:00 there.
const open = aSlot({ id: 'open', startsAt: inHours(25), endsAt: inHours(25.5) });
const requested = aSlot({ id: 'requested', pendingCount: 1, startsAt: inHours(26), endsAt: inHours(27) });
const booked = aSlot({ id: 'booked', status: 'booked', startsAt: inHours(53), endsAt: inHours(54) });
const weekly = aSlot({ id: 'weekly', seriesId: 'series-1', startsAt: inHours(-1), endsAt: inHours(0) });

/** The active element, through shadow roots. */
function focused(): Element | null {
  let at = document.activeElement;
  while (at?.shadowRoot?.activeElement) at = at.shadowRoot.activeElement;
  return at;
}

describe('<availability-manager> week view', () => {
  let api: FakeApi | undefined;
  afterEach(() => api?.restore());

  /** Mounts the element `width` wide, with `attrs`, and waits until it shows its week or its list. */
  async function mount(width = 900, lang = 'en-US', view?: string, routes: Routes = {}) {
    api = fakeApi({
      'GET /api/me': { body: educatorMe },
      [`GET ${SLOTS}`]: { body: { items: [open, requested, booked, weekly], nextCursor: null } },
      'POST /api/availability/create': { status: 201, body: aSlot({ id: 'created' }) },
      ...routes,
    });
    const wrapper = await fixture<HTMLElement>(
      html`<div style="width: ${width}px" lang=${lang}><availability-manager token="t" view=${view ?? ''}></availability-manager></div>`,
    );
    const el = wrapper.firstElementChild as AvailabilityManager;
    if (!view) el.removeAttribute('view');
    await waitUntil(() => $(el, '[role=grid]') || ($(el, '[part~=list]') && !$(el, '[part~=loading]')), 'never loaded');
    return el;
  }

  const weekCalls = () => api?.callsTo('GET', SLOTS).map((call) => new URL(call.path, location.href).searchParams) ?? [];
  const cellOf = (el: AvailabilityManager, id: string) =>
    $$(el, '[part~=slot]')
      .find((slot) => [...slot.querySelectorAll('[part~=badge]')].map((badge) => badge.textContent).join() === badges[id])
      ?.closest('[role=gridcell]');
  const badges: Record<string, string> = { open: 'Open', requested: 'Requested', booked: 'Booked', weekly: 'Open,Weekly' };

  it('shows the week when at least 48rem wide, the list below, and the view its attribute asks', async () => {
    expect($(await mount(900), '[role=grid]')).to.exist;
    const narrow = await mount(600);
    await loaded(narrow);
    expect($(narrow, '[role=grid]')).to.not.exist;
    expect($(await mount(900, 'en-US', 'list'), '[role=grid]')).to.not.exist;
    expect($(await mount(600, 'en-US', 'week'), '[role=grid]')).to.exist;
    const resized = await mount(900);
    (resized.parentElement as HTMLElement).style.width = '600px';
    await waitUntil(() => !$(resized, '[role=grid]') && $(resized, '[part~=list]'), 'never showed the list when narrowed');
  });

  it('knows the first day of the week where the browser has no week data', () => {
    const prototype = Intl.Locale.prototype as unknown as Record<string, unknown>;
    const saved = ['getWeekInfo', 'weekInfo'].map((name) => [name, Object.getOwnPropertyDescriptor(prototype, name)] as const);
    try {
      for (const [name] of saved) Object.defineProperty(prototype, name, { value: undefined, configurable: true });
      expect(['en-US', 'en', 'pt-BR', 'de', 'fr', 'es', 'ar-EG', 'ar'].map(firstDayOf)).to.deep.equal([0, 0, 0, 1, 1, 1, 6, 6]);
      expect(firstDayOf('en-'), 'a malformed tag').to.equal(1);
    } finally {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(prototype, name, descriptor);
        else delete prototype[name];
      }
    }
  });

  it("starts the week on the locale's first day and loads that week's slots", async () => {
    for (const lang of ['en-US', 'de', 'ar-EG']) {
      const el = await mount(900, lang);
      const info = new Intl.Locale(lang) as Intl.Locale & {
        getWeekInfo?(): { firstDay: number };
        weekInfo?: { firstDay: number };
      };
      const firstDay =
        (info.getWeekInfo?.() ?? info.weekInfo ?? { firstDay: lang === 'de' ? 1 : lang === 'ar-EG' ? 6 : 7 }).firstDay % 7;
      // Tuesday 4 March 2031 is day 2; the week starts that many days before it.
      const start = 4 - ((2 - firstDay + 7) % 7);
      const from = new Date(Date.UTC(2031, 2, start) - 3_600_000).toISOString();
      await waitUntil(
        () => weekCalls().some((query) => query.get('from') === from),
        `${lang}: never loaded the week from ${from}`,
      );
      const to = weekCalls()
        .find((query) => query.get('from') === from)
        ?.get('to');
      expect(to, lang).to.equal(new Date(Date.UTC(2031, 2, start + 7) - 3_600_000).toISOString());
      const weekday = new Intl.DateTimeFormat(el.locale, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2031, 2, start));
      expect($$(el, '[role=columnheader]')[1].textContent, lang).to.include(weekday);
    }
  });

  it('places each slot in its day and time, with its state in words', async () => {
    const el = await mount();
    await waitUntil(() => $$(el, '[part~=slot]').length === 4, 'the slots never showed');
    // Sunday first: Wednesday is the fourth column; the rows are half-hours from 08:00.
    expect(cellOf(el, 'open')?.id).to.equal('c3-4');
    expect(cellOf(el, 'requested')?.id).to.equal('c3-6');
    expect(cellOf(el, 'booked')?.id).to.equal('c4-12');
    expect(cellOf(el, 'weekly')?.id).to.equal('c2-0');
    expect(cellOf(el, 'booked')?.getAttribute('aria-label')).to.match(
      /^Thursday, March 6, 2031 at 2:00\s?PM, 2:00\s?–\s?3:00\s?PM, Booked$/,
    );
    expect(cellOf(el, 'weekly')?.getAttribute('aria-label')).to.include('Open, Weekly');
    await expect(el).to.be.accessible();
  });

  it("shows a slot's card with Edit and Delete when clicked, focus on it; Escape closes it", async () => {
    const el = await mount();
    await waitUntil(() => cellOf(el, 'booked'));
    (cellOf(el, 'booked')?.querySelector('[part~=slot]') as HTMLElement | undefined)?.click();
    await waitUntil(() => focused()?.id === 's-booked', 'focus never reached the card');
    const card = $(el, '#s-booked')?.closest('li') as HTMLElement;
    expect(within(card, 'Edit')).to.exist;
    expect(within(card, 'Delete')).to.exist;
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused()?.id === 'c4-12', 'Escape never gave focus back to the grid');
    expect($(el, '#s-booked')).to.not.exist;
  });

  it('follows live updates, and after a deletion from the card focus goes back to the grid', async () => {
    const live = liveStream();
    let items = [open];
    const el = await mount(900, 'en-US', undefined, {
      [`GET ${SLOTS}`]: () => ({ body: { items, nextCursor: null } }),
      'GET /api/events': live.route,
      'DELETE /api/availability/delete/open': { status: 204 },
    });
    await waitUntil(() => cellOf(el, 'open'));
    items = [{ ...open, status: 'booked' }];
    live.send('slot.updated', items[0]);
    await waitUntil(() => cellOf(el, 'booked')?.id === 'c3-4', 'the slot never showed as booked');
    (cellOf(el, 'booked')?.querySelector('[part~=slot]') as HTMLElement | undefined)?.click();
    await waitUntil(() => $(el, '#s-open'));
    within($(el, '#s-open')?.closest('li') as HTMLElement, 'Delete').click();
    await waitUntil(() => $(el, '#confirm-delete'));
    items = [];
    ($(el, '#confirm-delete') as HTMLElement).click();
    await waitUntil(() => focused()?.id === 'c3-4', 'focus never went back to the grid');
    expect($(el, '[part~=slot]')).to.not.exist;
  });

  it('goes to the previous and next weeks and back to today, loading each', async () => {
    const el = await mount();
    const label = () => $(el, '#week-label')?.textContent?.trim();
    await waitUntil(() => label()?.startsWith('Mar 2'));
    const button = (name: string) =>
      $$(el, '[part~=week] button').find((node) => node.textContent?.trim() === name) as HTMLElement;
    button('Next week').click();
    await waitUntil(() => label()?.startsWith('Mar 9'), 'never showed the next week');
    await waitUntil(() => weekCalls().some((query) => query.get('from') === '2031-03-08T23:00:00.000Z'));
    button('Previous week').click();
    button('Previous week').click();
    await waitUntil(() => label()?.startsWith('Feb 23'), 'never showed the week before');
    button('Today').click();
    await waitUntil(() => label()?.startsWith('Mar 2'), 'never came back to this week');
  });

  it('moves between half-hours with the arrow keys and opens the form there on Enter', async () => {
    const el = await mount();
    await waitUntil(() => $(el, '#c0-0'));
    ($(el, '[role=gridcell][tabindex="0"]') as HTMLElement).focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => focused()?.id === 'c1-2', 'focus never moved in the grid');
    expect(focused()?.getAttribute('aria-label')).to.match(/^Monday, March 3, 2031 at 9:00\s?AM$/);
    expect($$(el, '[role=gridcell][tabindex="0"]')).to.have.length(1);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused() === labelled(el, 'Date'), 'focus never reached the form');
    expect(labelled(el, 'Date').value).to.equal('2031-03-03');
    expect(labelled(el, 'Start time').value).to.equal('09:00');
    expect(labelled<HTMLSelectElement>(el, 'Duration').value).to.equal('30');
    named(el, 'Create slot')?.click();
    await waitUntil(() => api?.callsTo('POST', '/api/availability/create').length, 'never created the slot');
    // 09:00 in Berlin on 3 March is 08:00 UTC.
    expect(api?.callsTo('POST', '/api/availability/create')[0].body).to.include({
      startsAt: '2031-03-03T08:00:00.000Z',
      endsAt: '2031-03-03T08:30:00.000Z',
    });
  });

  it('opens the form for the time dragged over', async () => {
    const el = await mount();
    await waitUntil(() => $(el, '#c5-10'));
    const at = (id: string, type: string) => $(el, id)?.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true }));
    at('#c5-10', 'pointerdown');
    at('#c5-11', 'pointerenter');
    at('#c5-12', 'pointerenter');
    at('#c5-12', 'pointerup');
    await waitUntil(() => focused() === labelled(el, 'Date'), 'focus never reached the form');
    expect(labelled(el, 'Date').value).to.equal('2031-03-07');
    expect(labelled(el, 'Start time').value).to.equal('13:00');
    expect(labelled<HTMLSelectElement>(el, 'Duration').value).to.equal('90');
  });

  it('puts focus back on Repeat weekly after publishing from the week', async () => {
    const made = aSlot({ id: 'w1', seriesId: 'ser-1', startsAt: inHours(49), endsAt: inHours(49.5) });
    const el = await mount(900, 'en-US', undefined, {
      'POST /api/availability/series': { status: 201, body: { seriesId: 'ser-1', items: [made] } },
    });
    const summary = $(el, '[part~=series] summary') as HTMLElement;
    summary.click();
    await waitUntil(() => $(el, 'details[open] form'));
    labelled<HTMLInputElement>(el, 'Thu').click();
    type(labelled(el, 'From'), '2031-03-05');
    type(labelled(el, 'Until'), '2031-03-07');
    type(labelled(el, 'From time'), '10:00');
    type(labelled(el, 'Until time'), '10:30');
    await waitUntil(() => named(el, 'Publish 1 slot'), 'the count never showed');
    named(el, 'Publish 1 slot')?.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused() === summary, 'focus fell to the page');
    expect(($(el, '[part~=series]') as HTMLDetailsElement).open).to.equal(false);
  });

  it("meets AA contrast in the README's dark theme", async () => {
    api = fakeApi({
      'GET /api/me': { body: educatorMe },
      [`GET ${SLOTS}`]: { body: { items: [open, requested, booked, weekly], nextCursor: null } },
    });
    const page = await fixture<HTMLElement>(
      html`<div lang="en-US" style="width: 900px; ${DARK_THEME}"><availability-manager token="t"></availability-manager></div>`,
    );
    const el = page.firstElementChild as AvailabilityManager;
    await waitUntil(() => $$(el, '[part~=slot]').length === 4, 'the slots never showed');
    (cellOf(el, 'booked')?.querySelector('[part~=slot]') as HTMLElement | undefined)?.click();
    await waitUntil(() => $(el, '#s-booked'), 'the card never showed');
    await expect(el).to.be.accessible();
  });

  it('runs right to left in Arabic: the arrow keys follow the columns', async () => {
    const el = await mount(900, 'ar');
    await waitUntil(() => $(el, '#c0-0'));
    const [first, second] = [$(el, '#c0-0'), $(el, '#c1-0')].map((cell) => cell?.getBoundingClientRect().left ?? 0);
    expect(second).to.be.below(first);
    ($(el, '[role=gridcell][tabindex="0"]') as HTMLElement).focus();
    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => focused()?.id === 'c1-0', 'ArrowLeft never moved to the next day');
    await expect(el).to.be.accessible();
  });
});
