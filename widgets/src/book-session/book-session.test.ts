import { elementUpdated, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.ts';
import { configure } from '../internal/config.ts';
import { aCourseSlot, aRequest, fakeApi, inHours, liveStream, waitlistRoutes } from '../internal/fake-api.ts';
import { $, $$, labelled, loaded, named, type, waitForText, waitUntil, widgetUnderTest } from '../internal/test-helpers.ts';
import type { BookSession } from './book-session.ts';

const LIST = 'GET /api/availability/course/c-101';
/** The README's dark theme: its page and its tokens. */
const DARK_THEME =
  'background: #14171c; color: #e8eaed; color-scheme: dark; --oo-accent: #8ab4f8; --oo-on-accent: #14171c; --oo-danger: #f28b82; --oo-success: #81c995; padding: 1rem';
const slots = [
  aCourseSlot({ id: 's1', startsAt: inHours(24), endsAt: inHours(24.5) }),
  aCourseSlot({ id: 's2', startsAt: inHours(26), endsAt: inHours(27), educatorName: 'Alan Turing' }),
  aCourseSlot({ id: 's3', startsAt: inHours(72), endsAt: inHours(73), requestedByMe: true }),
];

async function mount(routes: Parameters<typeof fakeApi>[0], extra = html``) {
  const api = fakeApi(routes);
  const el = await fixture<BookSession>(
    html`<book-session course-id="c-101" token="t-1" requests-href="/my-sessions">${extra}</book-session>`,
  );
  return { api, el };
}

describe('<book-session>', () => {
  let api: ReturnType<typeof fakeApi>;
  afterEach(() => api?.restore());

  it('keeps its quieter texts (the day buttons’ counts) at AA contrast on a host page of mid-tone text and a warm card', async () => {
    api = fakeApi({ [LIST]: { body: { items: slots } } });
    const page = await fixture<HTMLElement>(
      html`<div style="color: #1f4e4a; background: #fffdf8; padding: 1rem">
        <book-session course-id="c-101" token="t-1"></book-session>
      </div>`,
    );
    const el = page.querySelector('book-session') as BookSession;
    await loaded(el);
    expect($$(el, '[part~=day] .muted')).to.not.have.length(0);
    await expect(el).to.be.accessible();
  });

  it("meets AA contrast in the README's dark theme", async () => {
    api = fakeApi({
      [LIST]: {
        body: { items: [...slots, aCourseSlot({ id: 's4', startsAt: inHours(25), endsAt: inHours(26), instant: true })] },
      },
    });
    const page = await fixture<HTMLElement>(
      html`<div style=${DARK_THEME}><book-session course-id="c-101" token="t-1"></book-session></div>`,
    );
    const el = page.querySelector('book-session') as BookSession;
    await loaded(el);
    $$<HTMLInputElement>(el, 'input[type=radio]')[0].click();
    await elementUpdated(el);
    expect($$(el, '[part~=badge]')).to.not.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('fades the end of a day strip wider than its box, the end its language reads toward', async () => {
    const many = Array.from({ length: 12 }, (_, day) =>
      aCourseSlot({ id: `d${day}`, startsAt: inHours(24 * (day + 1)), endsAt: inHours(24 * (day + 1) + 1) }),
    );
    const mounted = await mount({ [LIST]: { body: { items: many } } });
    api = mounted.api;
    const { el } = mounted;
    await loaded(el);
    const strip = $(el, '.days') as HTMLElement;
    expect(strip.scrollWidth, 'the days overflow a 375 px page').to.be.greaterThan(strip.clientWidth);
    expect(getComputedStyle(strip).maskImage).to.match(/^linear-gradient\(to right, rgb\(0, 0, 0\) .*, rgba\(0, 0, 0, 0\)\)$/);
    el.lang = 'ar';
    await waitUntil(() => getComputedStyle(strip).maskImage.includes('to left'), 'Arabic fades the left end');
    // Scrolled to its end, the last day clears the fade.
    strip.scrollLeft = -strip.scrollWidth;
    const [last] = $$(el, '[part~=day]').slice(-1);
    expect(last.getBoundingClientRect().left).to.be.at.least(strip.getBoundingClientRect().left + 31);
  });

  it("shows a strip of the days with open times and the chosen day's times together, marking the ones already requested", async () => {
    const mounted = await mount({ [LIST]: { body: { items: slots } } });
    api = mounted.api;
    const { el } = mounted;
    await loaded(el);
    const days = $$<HTMLButtonElement>(el, '[part~=day]');
    expect(days.map((day) => day.textContent?.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'Wed, Mar 5, 2 times',
      'Fri, Mar 7, 1 time',
    ]);
    // The comma that keeps the day and its count apart when read out is not shown.
    expect(getComputedStyle(days[0].querySelector('.sr-only') as HTMLElement).clipPath).to.equal('inset(50%)');
    expect(days.map((day) => day.getAttribute('aria-pressed'))).to.deep.equal(['true', 'false']);
    expect($(el, '[role=heading]')?.textContent).to.equal('Wednesday, March 5');
    expect($(el, '[role=heading]')?.getAttribute('aria-level'), 'the default heading level').to.equal('3');
    expect($$(el, '[part~=item]')).to.have.length(2);
    expect($(el, '[part~=form]')?.textContent).to.include('Alan Turing');
    expect($(el, 'legend')?.textContent).to.include('(times in Central European Time)');
    $$<HTMLInputElement>(el, 'input[type=radio]')[0].click();
    days[1].click();
    await elementUpdated(el);
    expect($(el, '[role=heading]')?.textContent).to.equal('Friday, March 7');
    const requested = $$<HTMLInputElement>(el, 'input[type=radio]');
    expect(requested).to.have.length(1);
    expect(requested[0].disabled).to.equal(true);
    expect($(el, '[part~=badge]')?.textContent).to.equal('Requested');
    expect((named(el, 'Send request') as HTMLButtonElement).disabled, 'a time of another day is not sent').to.equal(true);
    expect(api.calls[0].token).to.equal('t-1');
    await expect(el).to.be.accessible();
  });

  it('keeps Send beside the times on a wide page and right below them on a narrow one', async () => {
    const mounted = await mount({ [LIST]: { body: { items: slots } } });
    api = mounted.api;
    const { el } = mounted;
    await loaded(el);
    const list = $(el, '[part~=list]') as HTMLElement;
    const send = named(el, 'Send request') as HTMLElement;
    el.style.inlineSize = '48rem';
    await elementUpdated(el);
    expect(send.getBoundingClientRect().top, 'beside').to.be.below(list.getBoundingClientRect().bottom);
    el.style.inlineSize = '22rem';
    await elementUpdated(el);
    const below = send.getBoundingClientRect().top - list.getBoundingClientRect().bottom;
    expect(below).to.be.within(0, 200);
  });

  it('shows a skeleton while loading, then the slots', async () => {
    let release = (_: unknown) => {};
    const mounted = await mount({
      [LIST]: () => new Promise((resolve) => (release = () => resolve({ body: { items: slots } }))),
    });
    api = mounted.api;
    expect($(mounted.el, '[part~=loading]')).to.exist;
    release(undefined);
    await loaded(mounted.el);
    expect($(mounted.el, '[part~=loading]')).to.not.exist;
  });

  it('says so when no slot is open', async () => {
    const mounted = await mount({ [LIST]: { body: { items: [] } } });
    api = mounted.api;
    await loaded(mounted.el);
    expect($(mounted.el, '[part~=empty]')?.textContent).to.include('No open times');
    await expect(mounted.el).to.be.accessible();
  });

  it('shows an error with a retry that loads again', async () => {
    let fail = true;
    const mounted = await mount({ [LIST]: () => (fail ? { status: 500, code: 'internal' } : { body: { items: slots } }) });
    api = mounted.api;
    await loaded(mounted.el);
    expect($(mounted.el, '[part~=error]')?.getAttribute('role')).to.equal('alert');
    fail = false;
    named(mounted.el, 'Try again')?.click();
    await waitUntil(() => $$(mounted.el, '[part~=day]').length === 2, 'the slots never came');
    expect($(mounted.el, '[part~=error]')).to.not.exist;
  });

  it('sends the chosen slot with the message, fires request-sent and shows what happens next', async () => {
    const request = aRequest({ slotId: 's2', message: 'Heaps, please' });
    const mounted = await mount({
      [LIST]: { body: { items: slots } },
      'POST /api/session/request': { status: 201, body: request },
    });
    api = mounted.api;
    const { el } = mounted;
    await loaded(el);
    expect((named(el, 'Send request') as HTMLButtonElement).disabled).to.equal(true);
    $$<HTMLInputElement>(el, 'input[type=radio]')[1].click();
    type(labelled(el, 'Message to the educator'), 'Heaps, please');
    await elementUpdated(el);
    expect($(el, '#counter')?.textContent).to.equal('13/1,000 characters');
    setTimeout(() => named(el, 'Send request')?.click());
    const event = await oneEvent(el, 'request-sent');
    expect(event.detail.request).to.deep.equal(request);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(api.callsTo('POST', '/api/session/request')[0].body).to.deep.equal({ slotId: 's2', message: 'Heaps, please' });
    await waitForText(el, 'Request sent.');
    expect(el.shadowRoot?.activeElement?.id).to.equal('sent');
    expect(named(el, 'See your requests')?.getAttribute('href')).to.equal('/my-sessions');
    await waitUntil(() => $(el, '[role=status]')?.textContent === 'Request sent.');
    await expect(el).to.be.accessible();
  });

  it('goes back to the times from the keyboard with Book another time, focus at the start of the form', async () => {
    const mounted = await mount({
      [LIST]: { body: { items: slots } },
      'POST /api/session/request': { status: 201, body: aRequest({ slotId: 's1' }) },
    });
    api = mounted.api;
    const { el } = mounted;
    await loaded(el);
    $$<HTMLInputElement>(el, 'input[type=radio]')[0].focus();
    await sendKeys({ press: 'Space' });
    named(el, 'Send request')?.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot?.activeElement?.id === 'sent', 'focus never reached the confirmation');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot?.activeElement?.textContent?.trim()).to.equal('Book another time');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot?.activeElement?.tagName === 'LEGEND', 'focus fell to the page');
    expect(el.shadowRoot?.activeElement?.textContent).to.include('Choose a time');
    await waitUntil(() => api.callsTo('GET', '/api/availability/course').length === 2, 'the times were not read again');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot?.activeElement?.getAttribute('part')).to.equal('day');
  });

  it('refreshes and says so when the slot was just taken', async () => {
    let taken = false;
    const mounted = await mount({
      [LIST]: () => ({ body: { items: taken ? slots.slice(1) : slots } }),
      'POST /api/session/request': () => {
        taken = true;
        return { status: 409, code: 'slot_unavailable' };
      },
    });
    api = mounted.api;
    const { el } = mounted;
    await loaded(el);
    $$<HTMLInputElement>(el, 'input[type=radio]')[0].click();
    await elementUpdated(el);
    named(el, 'Send request')?.click();
    await waitForText(el, 'That time was just taken');
    await waitUntil(() => $$(el, '[part~=item]').length === 1);
    expect(api.callsTo('GET', '/api/availability/course')).to.have.length(2);
    expect($(el, '[part~=notice]')?.getAttribute('role')).to.equal('alert');
  });

  it('drops a slot someone else booked, and says so', async () => {
    const live = liveStream();
    let items = slots;
    const mounted = await mount({ [LIST]: () => ({ body: { items } }), 'GET /api/events': live.route });
    api = mounted.api;
    await loaded(mounted.el);
    items = slots.slice(1);
    live.send('slot.updated', { ...slots[0], status: 'booked' });
    await waitUntil(() => $$(mounted.el, '[part~=item]').length === 2, 'the booked slot stayed');
    await waitUntil(() => $(mounted.el, '[role=status]')?.textContent === 'The open times have changed.');
  });

  it('asks the token provider again after a 401 and retries once', async () => {
    const mounted = await mount({
      [LIST]: (call) => (call.token === 'fresh' ? { body: { items: slots } } : { status: 401, code: 'unauthenticated' }),
    });
    api = mounted.api;
    const el = mounted.el;
    let asked = 0;
    el.tokenProvider = () => {
      asked++;
      return 'fresh';
    };
    el.reload();
    await waitUntil(() => $(el, '[part~=item]'), 'the slots never came');
    expect(asked).to.equal(1);
    expect(api.calls.map((c) => c.token)).to.deep.equal(['t-1', 't-1', 'fresh']);
  });

  it('shows an error when the fresh token is refused too', async () => {
    api = fakeApi({ [LIST]: { status: 401, code: 'unauthenticated' } });
    const el = await fixture<BookSession>(html`<book-session course-id="c-101" .tokenProvider=${() => 'stale'}></book-session>`);
    await loaded(el);
    expect($(el, '[part~=error]')?.textContent).to.include('sign-in has expired');
    expect(api.calls).to.have.length(2);
  });

  /** Mounts a <book-session> whose list is refused with `reason`, and the console errors it logged meanwhile. */
  async function refusedWith(reason: string) {
    api = fakeApi({ [LIST]: { status: 401, code: 'unauthenticated', body: { reason } } });
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const el = await fixture<BookSession>(html`<book-session course-id="c-101" token="t-1"></book-session>`);
      await loaded(el);
      return { text: $(el, '[part~=error]')?.textContent ?? '', logged };
    } finally {
      console.error = original;
    }
  }

  it('says an expired sign-in has expired, and logs nothing', async () => {
    const { text, logged } = await refusedWith('expired');
    expect(text).to.include('Your sign-in has expired. Reload the page to continue.');
    expect(logged).to.have.length(0);
  });

  for (const reason of ['invalid', 'missing']) {
    it(`says a sign-in refused as ${reason} was not accepted, and tells the host developer why once`, async () => {
      const { text, logged } = await refusedWith(reason);
      expect(text).to.include("This site's sign-in was not accepted by the booking service.");
      expect(logged).to.have.length(1);
      expect(String(logged[0][0])).to.include(`reason: ${reason}`).and.include('AUTH_SECRET');
    });
  }

  it('uses the page-wide configuration when the element has none', async () => {
    api = fakeApi({ [LIST]: { body: { items: slots } } });
    configure({ token: 'page-token', apiBase: 'https://sessions.example.edu' });
    try {
      const el = await fixture<BookSession>(html`<book-session course-id="c-101"></book-session>`);
      await loaded(el);
      expect(api.calls[0].token).to.equal('page-token');
    } finally {
      configure({ token: undefined, apiBase: undefined });
    }
  });

  it('is operated with the keyboard: arrows choose a slot, Enter sends', async () => {
    const mounted = await mount({
      [LIST]: { body: { items: slots } },
      'POST /api/session/request': { status: 201, body: aRequest() },
    });
    api = mounted.api;
    const { el } = mounted;
    await loaded(el);
    $$<HTMLInputElement>(el, 'input[type=radio]')[0].focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowDown' });
    await elementUpdated(el);
    expect($$<HTMLInputElement>(el, 'input[type=radio]')[1].checked).to.equal(true);
    (named(el, 'Send request') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitForText(el, 'Request sent.');
    expect(api.callsTo('POST', '/api/session/request')[0].body).to.deep.equal({ slotId: 's2' });
  });

  it('fires request-sent only for the request sent here, not for code, another tab or a live update', async () => {
    const live = liveStream();
    const sent = aRequest({ slotId: 's2' });
    const mounted = await mount({
      [LIST]: { body: { items: slots } },
      'GET /api/availability/course/c-200': { body: { items: slots } },
      'GET /api/events': live.route,
      'POST /api/session/request': { status: 201, body: sent },
    });
    api = mounted.api;
    const { el } = mounted;
    const fired: Event[] = [];
    for (const type of ['request-sent', 'request-cancelled', 'slot-changed']) el.addEventListener(type, (e) => fired.push(e));
    await loaded(el);
    $$<HTMLInputElement>(el, 'input[type=radio]')[1].click();
    el.courseId = 'c-200';
    el.token = 't-2';
    await waitUntil(() => api.calls.some((c) => c.path.includes('c-200') && c.token === 't-2'));
    // The student asked for another slot in a second tab: the stream says so, this widget only refreshes.
    live.send('request.created', aRequest({ id: 'elsewhere', slotId: 's1', courseId: 'c-200' }));
    live.send('slot.updated', { ...slots[0], courseId: 'c-200', requestedByMe: true });
    await waitUntil(() => api.callsTo('GET', '/api/availability/course/c-200').length >= 3, 'the live update was not heard');
    await loaded(el);
    expect(fired).to.have.length(0);
    $$<HTMLInputElement>(el, 'input[type=radio]')[1].click();
    await elementUpdated(el);
    named(el, 'Send request')?.click();
    await waitForText(el, 'Request sent.');
    expect(fired.map((event) => (event as CustomEvent).detail.request)).to.deep.equal([sent]);
  });

  it('books an instant slot at once, and shows the confirmation with the Join link', async () => {
    const instant = aCourseSlot({ id: 'now', instant: true, startsAt: inHours(30), endsAt: inHours(31) });
    const booked = aRequest({
      slotId: 'now',
      status: 'approved',
      meetingLink: 'https://meet.example.com/now',
      startsAt: inHours(30),
      endsAt: inHours(31),
    });
    const mounted = await mount({
      [LIST]: { body: { items: [instant] } },
      'POST /api/session/request': { status: 201, body: booked },
    });
    api = mounted.api;
    const { el } = mounted;
    await loaded(el);
    expect($(el, '[part~=badge]')?.textContent).to.equal('Instant');
    $$<HTMLInputElement>(el, 'input[type=radio]')[0].click();
    await elementUpdated(el);
    setTimeout(() => named(el, 'Book')?.click());
    await oneEvent(el, 'request-sent');
    await waitForText(el, 'Booked.');
    expect($<HTMLAnchorElement>(el, '[part~=join]')?.href).to.equal('https://meet.example.com/now');
    await expect(el).to.be.accessible();
  });
});

describe('<book-session heading-level>', () => {
  let api: ReturnType<typeof fakeApi>;
  afterEach(() => api?.restore());

  it('puts its headings at the level the host page asks for, and at 3 when the value is not one', async () => {
    api = fakeApi({ [LIST]: { body: { items: slots } } });
    const el = await fixture<BookSession>(html`<book-session course-id="c-101" token="t-1" heading-level="2"></book-session>`);
    await loaded(el);
    expect($(el, '[role=heading]')?.getAttribute('aria-level')).to.equal('2');
    await expect(el).to.be.accessible();
    el.setAttribute('heading-level', '9');
    await elementUpdated(el);
    expect($(el, '[role=heading]')?.getAttribute('aria-level')).to.equal('3');
  });
});

describe('<book-session> waitlist', () => {
  // Narrow, as on a phone: the message and Send sit right below the box of times, so a box that grew would push them.
  const template = html`<book-session course-id="c-101" token="t-1" style="inline-size: 22rem"></book-session>`;
  const { api, mount } = widgetUnderTest<BookSession>(template, {
    [LIST]: { body: { items: [] } },
  });
  const WAITLIST = '/api/courses/c-101/waitlist';
  const WAITING = "We'll email you when a time opens.";
  const status = (el: Element) => $(el, '[role=status]')?.textContent;
  const offer = (el: Element) => named(el, 'Tell me when a time opens') as HTMLButtonElement | undefined;

  it('offers to tell the student when a time opens, joins for the whole window, and says so again after a reload', async () => {
    const waitlist = waitlistRoutes();
    let el = await mount(waitlist);
    await waitUntil(() => offer(el), 'no offer');
    expect($(el, '[part~=empty]')?.textContent).to.include('No open times right now. Please check back later.');
    await expect(el).to.be.accessible();
    offer(el)?.focus();
    await sendKeys({ press: 'Enter' });
    await waitForText(el, WAITING);
    expect(api.callsTo('POST', WAITLIST).map((call) => call.body)).to.deep.equal([{}]);
    expect(el.shadowRoot?.activeElement?.id).to.equal('waiting');
    await waitUntil(() => status(el) === WAITING, 'never read out');
    expect(offer(el)).to.not.exist;
    expect(named(el, 'Stop waiting')).to.exist;
    await expect(el).to.be.accessible();

    el = await mount(waitlist);
    await waitUntil(() => named(el, 'Stop waiting'), 'not shown as waiting after a reload');
    expect($(el, '[part~=waitlist]')?.textContent).to.include(WAITING);
    expect(api.callsTo('GET', WAITLIST)).to.have.length(1);
  });

  it('stops waiting from the keyboard, and offers to wait again', async () => {
    const el = await mount(waitlistRoutes('c-101', true));
    await waitUntil(() => named(el, 'Stop waiting'), 'not shown as waiting');
    (named(el, 'Stop waiting') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => offer(el), 'no offer after stopping');
    expect(api.callsTo('DELETE', WAITLIST)).to.have.length(1);
    expect(el.shadowRoot?.activeElement).to.equal(offer(el));
    await waitUntil(() => status(el) === 'You are no longer waiting for a time to open.', 'never read out');
    expect(el.shadowRoot?.textContent).not.to.include(WAITING);
  });

  it('asks about the waitlist only when the course shows no open time', async () => {
    const el = await mount({ [LIST]: { body: { items: slots } }, ...waitlistRoutes() });
    expect($$(el, '[part~=item]')).to.have.length(2);
    expect(api.callsTo('GET', WAITLIST)).to.have.length(0);
    expect($(el, '[part~=waitlist]')).to.not.exist;
  });

  it('says why in its own words when joining is refused, with focus still on the button', async () => {
    const el = await mount({
      ...waitlistRoutes(),
      [`POST ${WAITLIST}`]: { status: 403, code: 'forbidden', body: { detail: 'Not a student of this course.' } },
    });
    await waitUntil(() => offer(el), 'no offer');
    offer(el)?.focus();
    await sendKeys({ press: 'Enter' });
    await waitForText(el, 'Your role in this course does not allow this.');
    expect(el.shadowRoot?.textContent).not.to.include('Not a student');
    expect(el.shadowRoot?.activeElement).to.equal(offer(el));
    await waitUntil(() => status(el) === 'Your role in this course does not allow this.');
  });

  it('shows a time that opens for the waiting student and reads it out', async () => {
    const live = liveStream();
    const opened = aCourseSlot({ id: 'new', startsAt: inHours(50), endsAt: inHours(51) });
    let items: typeof slots = [];
    const el = await mount({
      ...waitlistRoutes('c-101', true),
      [LIST]: () => ({ body: { items } }),
      'GET /api/events': live.route,
    });
    await waitUntil(() => named(el, 'Stop waiting'), 'not shown as waiting');
    items = [opened];
    live.send('waitlist.opened', opened);
    await waitUntil(() => $$(el, '[part~=item]').length === 1, 'the time that opened never showed');
    await waitUntil(
      () => /^A time has opened: Thu, Mar 6, 11:00\sAM – 12:00\sPM GMT\+1\.$/.test(status(el) ?? ''),
      'never read out',
    );
    expect($(el, '[part~=waitlist]')).to.not.exist;
  });

  it('keeps its box of times the same height while it offers, joins and waits: nothing on the page moves', async () => {
    let shifted = 0;
    const shifts = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) shifted += entry.value;
    });
    shifts.observe({ type: 'layout-shift' });
    let answer = (_: unknown) => {};
    // The API says whether the student waits only once the empty box has shown.
    const el = await mount({
      ...waitlistRoutes(),
      [`GET ${WAITLIST}`]: () => new Promise((resolve) => (answer = () => resolve({ status: 404, code: 'not_found' }))),
    });
    const box = $(el, '[part~=list]') as HTMLElement;
    const send = named(el, 'Send request') as HTMLElement;
    const place = () => [box.getBoundingClientRect().height, send.getBoundingClientRect().top];
    const before = place();
    answer(undefined);
    await waitUntil(() => offer(el), 'no offer');
    expect(place(), 'offering').to.deep.equal(before);
    offer(el)?.click();
    await waitUntil(() => named(el, 'Stop waiting'), 'never joined');
    expect(place(), 'waiting').to.deep.equal(before);
    await new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame)));
    shifts.disconnect();
    expect(shifted).to.equal(0);
  });
});
