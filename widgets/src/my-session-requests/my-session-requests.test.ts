import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.ts';
import {
  aCourseSlot,
  aRequest,
  fakeApi,
  feedRoutes,
  feedUrl,
  inHours,
  liveStream,
  notificationRoutes,
  type Routes,
} from '../internal/fake-api.ts';
import {
  $,
  $$,
  capturedDownloads,
  itemOf,
  labelled,
  loaded,
  named,
  stubbedClipboard,
  type,
  waitForText,
  waitUntil,
  widgetUnderTest,
  within,
} from '../internal/test-helpers.ts';
import type { MySessionRequests } from './my-session-requests.ts';

const LIST = 'GET /api/session/my-requests';
/** The README's dark theme: its page and its tokens. */
const DARK_THEME =
  'background: #14171c; color: #e8eaed; color-scheme: dark; --oo-accent: #8ab4f8; --oo-on-accent: #14171c; --oo-danger: #f28b82; --oo-success: #81c995; padding: 1rem';
const approved = aRequest({
  id: 'r-approved',
  status: 'approved',
  meetingLink: 'https://meet.example.com/abc',
  startsAt: inHours(48),
  endsAt: inHours(49),
});
const pending = aRequest({ id: 'r-pending', startsAt: inHours(24), endsAt: inHours(25) });
const rejected = aRequest({
  id: 'r-rejected',
  status: 'rejected',
  rejectionReason: 'Office hours instead',
  startsAt: inHours(30),
  endsAt: inHours(31),
});
const past = aRequest({
  id: 'r-past',
  status: 'completed',
  meetingLink: 'https://meet.example.com/old',
  startsAt: inHours(-48),
  endsAt: inHours(-47),
});
const cancelledByEducator = aRequest({
  id: 'r-called-off',
  status: 'cancelled',
  cancelledBy: 'educator',
  cancellationReason: 'I am ill',
  meetingLink: 'https://meet.example.com/x',
  startsAt: inHours(60),
  endsAt: inHours(61),
});

describe('<my-session-requests>', () => {
  const widget = widgetUnderTest<MySessionRequests>(html`<my-session-requests token="t"></my-session-requests>`);
  const { api } = widget;
  const downloads = capturedDownloads();
  /** Mounts the list of `items`, by default one request of each kind. */
  const mount = (items = [past, rejected, approved, pending, cancelledByEducator], routes: Routes = {}) =>
    widget.mount({ [LIST]: { body: { items } }, ...routes });

  it('lists upcoming sessions first, soonest first, then the past', async () => {
    const el = await mount();
    expect($$(el, '[part~=item] .title').map((node) => node.id)).to.deep.equal([
      'r-r-pending',
      'r-r-rejected',
      'r-r-approved',
      'r-r-called-off',
      'r-r-past',
    ]);
    await expect(el).to.be.accessible();
  });

  it('shows status badges and the reasons given', async () => {
    const el = await mount();
    expect(itemOf(el, 'r-pending').querySelector('[part~=badge]')?.textContent).to.equal('Awaiting approval');
    expect(itemOf(el, 'r-rejected').textContent).to.include('Office hours instead');
    expect(itemOf(el, 'r-called-off').textContent).to.include('Cancelled by the educator.');
    expect(itemOf(el, 'r-called-off').textContent).to.include('I am ill');
  });

  it('shows a request nobody decided before it started as expired, not as rejected by the educator', async () => {
    const expired = aRequest({
      id: 'r-expired',
      status: 'rejected',
      rejectionReason: 'Not approved before the session started.',
      startsAt: inHours(-3),
      endsAt: inHours(-2),
      decidedAt: inHours(-3),
      reasonCode: 'expired',
    });
    const undecided = aRequest({ id: 'r-undecided', startsAt: inHours(-6), endsAt: inHours(-5) });
    const el = await mount([expired, undecided, { ...rejected, decidedAt: inHours(-1) }]);
    expect(itemOf(el, 'r-expired').querySelector('[part~=badge]')?.textContent).to.equal('Expired');
    expect(itemOf(el, 'r-expired').querySelector('[part~=reason]')?.textContent).to.equal(
      'Not approved before the session started.',
    );
    expect(itemOf(el, 'r-undecided').querySelector('[part~=badge]')?.textContent).to.equal('Expired');
    expect(itemOf(el, 'r-rejected').querySelector('[part~=badge]')?.textContent).to.equal('Rejected');
    await expect(el).to.be.accessible();
  });

  it('offers Join only for an approved session with an https link', async () => {
    const hostile = aRequest({ id: 'r-hostile', status: 'approved', meetingLink: 'javascript:alert(1)' });
    const el = await mount([approved, hostile, pending]);
    const joins = $$<HTMLAnchorElement>(el, '[part~=join]');
    expect(joins).to.have.length(1);
    expect(joins[0].href).to.equal('https://meet.example.com/abc');
    expect(joins[0].rel).to.include('noopener');
    expect(el.shadowRoot?.innerHTML).to.not.include('javascript:');
  });

  it('shows the buttons the API allows, not ones it derives: no Cancel inside the cancellation notice', async () => {
    const soon = aRequest({ ...approved, id: 'r-soon', actions: ['calendar'] });
    const el = await mount([soon]);
    const item = $(el, '[part~=item]') as HTMLElement;
    expect([...item.querySelectorAll('button')].map((button) => button.textContent?.trim())).to.deep.equal(['Add to calendar']);
  });

  it('downloads the calendar file with the token for approved, completed and called-off sessions', async () => {
    const el = await mount(undefined, {
      'GET /api/session/calendar/r-approved': { body: 'BEGIN:VCALENDAR', contentType: 'text/calendar' },
    });
    expect($$(el, '[part~=calendar]')).to.have.length(3);
    expect(itemOf(el, 'r-pending').querySelector('[part~=calendar]')).to.not.exist;
    (itemOf(el, 'r-approved').querySelector('[part~=calendar]') as HTMLButtonElement).click();
    await waitUntil(() => api.callsTo('GET', '/api/session/calendar/').length === 1);
    expect(api.callsTo('GET', '/api/session/calendar/')[0].token).to.equal('t');
  });

  it('offers Remove from calendar for a session called off after approval, and saves its cancellation', async () => {
    const el = await mount(undefined, {
      'GET /api/session/calendar/r-called-off': { body: 'BEGIN:VCALENDAR\r\nMETHOD:CANCEL', contentType: 'text/calendar' },
    });
    const button = itemOf(el, 'r-called-off').querySelector('[part~=calendar]') as HTMLButtonElement;
    expect(button.textContent?.trim()).to.equal('Remove from calendar');
    expect(itemOf(el, 'r-approved').querySelector('[part~=calendar]')?.textContent?.trim()).to.equal('Add to calendar');
    button.click();
    await waitUntil(() => downloads.length === 1, 'nothing was saved');
    expect(await downloads[0].file?.text()).to.include('METHOD:CANCEL');
  });

  it('cancels after a confirmation step, with an optional reason', async () => {
    const cancelled = {
      ...pending,
      status: 'cancelled' as const,
      cancelledBy: 'student' as const,
      cancellationReason: 'Solved it',
    };
    const el = await mount([pending], { 'PUT /api/session/cancel/r-pending': { body: cancelled } });
    named(el, 'Cancel request')?.click();
    await waitUntil(() => $(el, '[part~=form]'));
    expect(el.shadowRoot?.activeElement).to.equal(labelled(el, 'Why are you cancelling?'));
    named(el, 'Keep as it is')?.click();
    await waitUntil(() => !$(el, '[part~=form]'));
    expect(api.callsTo('PUT', '/api/session/cancel')).to.have.length(0);

    named(el, 'Cancel request')?.click();
    await waitUntil(() => $(el, '[part~=form]'));
    type(labelled(el, 'Why are you cancelling?'), 'Solved it');
    setTimeout(() => named(el, 'Yes, cancel')?.click());
    const event = await oneEvent(el, 'request-cancelled');
    expect(event.detail.request).to.deep.equal(cancelled);
    expect(api.callsTo('PUT', '/api/session/cancel/r-pending')[0].body).to.deep.equal({ reason: 'Solved it' });
    await waitUntil(() => api.callsTo('GET', '/api/session/my-requests').length === 2);
    await waitUntil(() => $(el, '[role=status]')?.textContent === 'Request cancelled.');
  });

  it('puts focus on the request it cancelled even when the list loads again meanwhile, in another order', async () => {
    const cancelled = { ...pending, status: 'cancelled' as const, cancelledBy: 'student' as const };
    const sooner = aRequest({ id: 'r-sooner', startsAt: inHours(10), endsAt: inHours(11) });
    const held: (() => void)[] = [];
    const lists = [
      [pending, approved],
      [cancelled, approved],
      [sooner, cancelled, approved],
    ];
    let loads = 0;
    const el = await mount([], {
      'PUT /api/session/cancel/r-pending': { body: cancelled },
      [LIST]: () => {
        const items = lists[loads++];
        if (loads === 1) return { body: { items } };
        return new Promise((answer) => held.push(() => answer({ body: { items } })));
      },
    });
    named(el, 'Cancel request')?.click();
    await waitUntil(() => $(el, '[part~=form]'));
    named(el, 'Yes, cancel')?.click();
    await waitUntil(() => held.length === 1, 'the list never loaded again after the cancel');
    // A change made elsewhere loads the list again before the first load answers; that one answers first.
    el.reload();
    await waitUntil(() => held.length === 2, 'the list never loaded a third time');
    held[0]();
    for (let frame = 0; frame < 3; frame++) await nextFrame();
    held[1]();
    await waitUntil(() => $$(el, '[part~=item] .title')[0]?.id === 'r-r-sooner', 'the new order never showed');
    await waitUntil(() => el.shadowRoot?.activeElement?.id === 'r-r-pending', 'focus is not on the cancelled request');
  });

  it('shows the refusal inside the confirmation step', async () => {
    const el = await mount([pending], {
      'PUT /api/session/cancel/r-pending': { status: 409, code: 'invalid_state', body: { detail: 'Too late to cancel.' } },
    });
    named(el, 'Cancel request')?.click();
    await waitUntil(() => $(el, '[part~=form]'));
    named(el, 'Yes, cancel')?.click();
    await waitForText(el, 'This request has changed in the meantime.');
    expect(el.shadowRoot?.textContent).not.to.include('Too late to cancel.');
    expect(api.callsTo('PUT', '/api/session/cancel/r-pending')[0].body).to.deep.equal({});
    await expect(el).to.be.accessible();
  });

  it('shows an approval as it happens, without a reload, and reads it out', async () => {
    const live = liveStream();
    let items = [pending];
    const approvedNow = { ...pending, status: 'approved' as const, meetingLink: 'https://meet.example.com/now' };
    const el = await mount(undefined, { [LIST]: () => ({ body: { items } }), 'GET /api/events': live.route });
    items = [approvedNow];
    live.send('request.approved', approvedNow);
    await waitUntil(() => $(el, '[part~=join]'), 'the Join link never appeared');
    expect(itemOf(el, 'r-pending').querySelector('[part~=badge]')?.textContent).to.equal('Approved');
    await waitUntil(() => ($(el, '[role=status]')?.textContent ?? '').startsWith('Your request for Intro to Algorithms'));
    expect($(el, '[role=status]')?.textContent).to.include('was approved');
  });

  it("meets AA contrast in the README's dark theme, with every kind of request and the move form open", async () => {
    const fake = fakeApi({
      [LIST]: { body: { items: [past, rejected, approved, pending, cancelledByEducator] } },
      'GET /api/availability/course/c-101': {
        body: {
          items: [aCourseSlot({ id: 's-i', instant: true, startsAt: inHours(70), endsAt: inHours(71) })],
          nextCursor: null,
        },
      },
    });
    try {
      const page = await fixture<HTMLElement>(
        html`<div style=${DARK_THEME}><my-session-requests token="t"></my-session-requests></div>`,
      );
      const el = page.querySelector('my-session-requests') as MySessionRequests;
      await loaded(el);
      within(itemOf(el, 'r-approved'), 'Move').click();
      await waitUntil(() => $(el, '[part~=form] [part~=day]'), 'the open times never came');
      await expect(el).to.be.accessible();
    } finally {
      fake.restore();
    }
  });

  it('says so when there are no requests', async () => {
    const el = await mount([]);
    expect($(el, '[part~=empty]')?.textContent).to.include('no session requests');
  });

  it('moves a session with the day strip of booking, from the keyboard; the session stays booked until the educator approves', async () => {
    const [soon, later, own] = [
      aCourseSlot({ id: 's-soon', startsAt: inHours(26), endsAt: inHours(27) }),
      aCourseSlot({ id: 's-later', startsAt: inHours(72), endsAt: inHours(73), educatorName: 'Alan Turing' }),
      aCourseSlot({ id: approved.slotId, startsAt: approved.startsAt, endsAt: approved.endsAt }),
    ];
    const moved = aRequest({
      id: 'r-moved',
      slotId: 's-later',
      replaces: 'r-approved',
      startsAt: inHours(72),
      endsAt: inHours(73),
    });
    const el = await mount([approved], {
      'GET /api/availability/course/c-101': { body: { items: [soon, own, later], nextCursor: null } },
      'POST /api/session/reschedule/r-approved': { status: 201, body: moved },
    });
    within(itemOf(el, 'r-approved'), 'Move').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~=form] [part~=day]'), 'the open times never came');
    expect($(el, 'select')).to.not.exist;
    const days = $$(el, '[part~=day]');
    expect(days.map((day) => day.textContent?.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'Wed, Mar 5, 1 time',
      'Fri, Mar 7, 1 time',
    ]);
    expect(el.shadowRoot?.activeElement, 'focus on the day shown').to.equal(days[0]);
    expect(el.shadowRoot?.textContent).to.include('stays booked until the educator approves');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~=day][aria-pressed=true]') === $$(el, '[part~=day]')[1], 'the second day never showed');
    expect($$(el, '[part~=form] [part~=item]').map((slot) => slot.textContent?.replace(/\s+/g, ' ').trim())).to.deep.equal([
      '9:00 – 10:00 AM GMT+1 Alan Turing',
    ]);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await waitUntil(() => !(named(el, 'Move') as HTMLButtonElement).disabled, 'the time was not chosen');
    setTimeout(() => named(el, 'Move')?.click());
    const event = await oneEvent(el, 'request-sent');
    expect(event.detail.request.id).to.equal('r-moved');
    expect(api.callsTo('POST', '/api/session/reschedule/r-approved')[0].body).to.deep.equal({ slotId: 's-later' });
    await waitUntil(() => $(el, '[role=status]')?.textContent === 'Move requested.');
  });

  it("offers no time to move to that is the request's own or the one it just moved from", async () => {
    const [first, moved] = [
      aRequest({
        id: 'r-first',
        slotId: 's-first',
        status: 'cancelled',
        cancelledBy: 'student',
        reasonCode: 'moved',
        replacedBy: 'r-next',
      }),
      aRequest({ id: 'r-next', slotId: 's-next', replaces: 'r-first', startsAt: inHours(30), endsAt: inHours(31) }),
    ];
    const el = await mount([moved, first], {
      'GET /api/availability/course/c-101': {
        body: {
          items: [
            aCourseSlot({ id: 's-first' }),
            aCourseSlot({ id: 's-next', startsAt: inHours(30), endsAt: inHours(31), requestedByMe: true }),
            aCourseSlot({ id: 's-other', startsAt: inHours(50), endsAt: inHours(51) }),
          ],
          nextCursor: null,
        },
      },
    });
    within(itemOf(el, 'r-next'), 'Move').click();
    await waitUntil(() => $(el, '[part~=form] [part~=day]'), 'the open times never came');
    expect($$<HTMLInputElement>(el, '[part~=form] input[type=radio]').map((radio) => radio.value)).to.deep.equal(['s-other']);
    expect($$(el, '[part~=day]')).to.have.length(1);
  });

  it('says so when there is no other time to move to, with focus on Keep as it is', async () => {
    const el = await mount([approved], { 'GET /api/availability/course/c-101': { body: { items: [], nextCursor: null } } });
    within(itemOf(el, 'r-approved'), 'Move').click();
    await waitForText(el, 'No other open time');
    await waitUntil(() => el.shadowRoot?.activeElement?.textContent?.trim() === 'Keep as it is', 'focus fell to the page');
    await expect(el).to.be.accessible();
  });

  it('closes the cancel and move forms on Escape or Keep as it is, and puts focus back on the button that opened them', async () => {
    const later = aCourseSlot({ id: 's-later', startsAt: inHours(72), endsAt: inHours(73) });
    const el = await mount([approved], { 'GET /api/availability/course/c-101': { body: { items: [later], nextCursor: null } } });
    const focused = () => el.shadowRoot?.activeElement?.textContent?.trim();
    within(itemOf(el, 'r-approved'), 'Cancel session').click();
    await waitUntil(() => el.shadowRoot?.activeElement?.id === 'form-input', 'the reason field was not focused');
    await sendKeys({ type: 'Never mind' });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused() === 'Cancel session', 'focus did not return to Cancel session');
    expect($(el, '[part~=form]')).to.not.exist;
    within(itemOf(el, 'r-approved'), 'Move').click();
    await waitUntil(() => $(el, '[part~=form] [part~=day]'), 'the open times never came');
    labelled(el, 'Message to the educator').focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused() === 'Move', 'focus did not return to Move');
    expect($(el, '[part~=form]')).to.not.exist;
    within(itemOf(el, 'r-approved'), 'Move').click();
    await waitUntil(() => $(el, '[part~=form] [part~=day]'), 'the open times never came');
    named(el, 'Keep as it is')?.click();
    await waitUntil(() => focused() === 'Move', 'Keep as it is did not return focus to Move');
    expect(api.callsTo('PUT', '/api/session/cancel')).to.have.length(0);
  });
});

describe('<my-session-requests> notifications and calendar', () => {
  const widget = widgetUnderTest<MySessionRequests>(html`<my-session-requests token="t"></my-session-requests>`, {
    [LIST]: { body: { items: [approved] } },
  });
  const { api } = widget;
  const clipboard = stubbedClipboard();
  const status = (el: Element) => $(el, '[role=status]')?.textContent;
  const emailSwitch = (el: Element) => labelled(el, 'Email me about my sessions');
  /** Mounts the list with the stand-in's email setting and a fresh calendar feed. */
  const mount = (routes: Routes = {}) => widget.mount({ ...notificationRoutes(true), ...feedRoutes(), ...routes });
  /** Opens "Subscribe in your calendar" from the keyboard and waits for the feed's links. */
  async function openFeed(el: Element) {
    ($(el, '[part~=feed] summary') as HTMLElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~=subscribe]'), 'the feed never showed');
  }

  it('reads the Notifications switch as it loads, saves each change from the keyboard and keeps focus on it', async () => {
    const el = await mount();
    await waitUntil(() => $(el, '[role=switch]'), 'no switch');
    expect($(el, '[part~=notifications] legend')?.textContent).to.equal('Notifications');
    expect(emailSwitch(el).getAttribute('role')).to.equal('switch');
    expect(emailSwitch(el).checked).to.equal(true);
    emailSwitch(el).focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => status(el) === 'You will get no more emails about your sessions.');
    expect(api.callsTo('PUT', '/api/me/notifications').map((call) => call.body)).to.deep.equal([{ email: false }]);
    expect(emailSwitch(el).checked).to.equal(false);
    expect(el.shadowRoot?.activeElement).to.equal(emailSwitch(el));
    await sendKeys({ press: 'Space' });
    await waitUntil(() => status(el) === 'You will get emails about your sessions.');
    expect(api.callsTo('PUT', '/api/me/notifications').map((call) => call.body)).to.deep.equal([
      { email: false },
      { email: true },
    ]);
    expect(emailSwitch(el).checked).to.equal(true);
    expect(el.shadowRoot?.activeElement).to.equal(emailSwitch(el));
    await expect(el).to.be.accessible();
  });

  it('puts the switch back and says why when the setting cannot be saved', async () => {
    const el = await mount({ 'PUT /api/me/notifications': { status: 503, code: 'internal' } });
    await waitUntil(() => $(el, '[role=switch]'), 'no switch');
    emailSwitch(el).focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => status(el) === 'Something went wrong. Please try again.', 'the failure was not read out');
    expect(emailSwitch(el).checked, 'back to what is saved').to.equal(true);
    expect($(el, '#email-problem')?.textContent).to.equal('Something went wrong. Please try again.');
    expect(emailSwitch(el).getAttribute('aria-describedby')).to.equal('email-problem');
    expect(el.shadowRoot?.activeElement).to.equal(emailSwitch(el));
    await expect(el).to.be.accessible();
  });

  it('shows no switch when the API has no such setting (an older server answers 404)', async () => {
    const el = await widget.mount(feedRoutes());
    await waitUntil(() => api.callsTo('GET', '/api/me/notifications').length === 1);
    // The feed is asked for after the setting was refused: once it shows, the refusal has been rendered too.
    await openFeed(el);
    expect($(el, '[role=switch]')).to.not.exist;
    expect($(el, '[part~=notifications]')).to.not.exist;
  });

  it('asks for the calendar feed only when "Subscribe in your calendar" is opened, and links its webcal: address', async () => {
    const el = await mount();
    expect(api.callsTo('GET', '/api/calendar/feed')).to.have.length(0);
    await openFeed(el);
    expect(($(el, '[part~=subscribe]') as HTMLAnchorElement).href).to.equal(
      'webcal://sessions.example.edu/calendar/secret-1.ics',
    );
    expect($(el, '[part~=subscribe]')?.textContent?.trim()).to.equal('Open in your calendar app');
    ($(el, '[part~=feed] summary') as HTMLElement).click();
    ($(el, '[part~=feed] summary') as HTMLElement).click();
    await waitUntil(() => ($(el, '[part~=feed]') as HTMLDetailsElement).open);
    expect(api.callsTo('GET', '/api/calendar/feed')).to.have.length(1);
    await expect(el).to.be.accessible();
    // Escape from inside it closes it, focus back on its summary.
    (named(el, 'Copy link') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !($(el, '[part~=feed]') as HTMLDetailsElement).open, 'Escape did not close the feed');
    expect(el.shadowRoot?.activeElement).to.equal($(el, '[part~=feed] summary'));
  });

  it('copies the https address of the feed with Copy link, and says so', async () => {
    const el = await mount();
    await openFeed(el);
    (named(el, 'Copy link') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => status(el) === 'Copied.', 'the copy was not read out');
    expect(clipboard.copied).to.deep.equal([feedUrl(1)]);
    expect(el.shadowRoot?.activeElement).to.equal(named(el, 'Copy link'));
    expect($(el, '#feed-url')).to.not.exist;
  });

  it('shows the address selected in a field to copy by hand when the browser refuses the clipboard', async () => {
    clipboard.refused = true;
    const el = await mount();
    await openFeed(el);
    named(el, 'Copy link')?.click();
    await waitUntil(() => status(el) === 'Copy the selected link.', 'the refusal was not read out');
    const field = labelled(el, 'Calendar link');
    expect(field.readOnly).to.equal(true);
    expect(field.value).to.equal(feedUrl(1));
    expect(el.shadowRoot?.activeElement).to.equal(field);
    expect([field.selectionStart, field.selectionEnd]).to.deep.equal([0, feedUrl(1).length]);
    await expect(el).to.be.accessible();
  });

  it('makes a new link on demand: the old one is revoked', async () => {
    const el = await mount();
    await openFeed(el);
    (named(el, 'Make a new link') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => status(el) === 'New link made. The old one no longer works.', 'the new link was not read out');
    expect(api.callsTo('DELETE', '/api/calendar/feed')).to.have.length(1);
    expect(($(el, '[part~=subscribe]') as HTMLAnchorElement).href).to.equal(
      'webcal://sessions.example.edu/calendar/secret-2.ics',
    );
    expect(el.shadowRoot?.activeElement).to.equal(named(el, 'Make a new link'));
  });
});
