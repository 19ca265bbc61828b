import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.ts';
import type { SessionRequest } from '../internal/api.ts';
import { configure } from '../internal/config.ts';
import {
  aMember,
  aRequest,
  type Call,
  educatorMe,
  fakeApi,
  feedRoutes,
  feedUrl,
  inHours,
  liveStream,
  notificationRoutes,
  reportRoutes,
  rosterRoutes,
} from '../internal/fake-api.ts';
import {
  $,
  $$,
  itemOf,
  labelled,
  named,
  stubbedClipboard,
  type,
  waitForText,
  waitUntil,
  widgetUnderTest,
  within,
} from '../internal/test-helpers.ts';
import type { SessionRequests } from './session-requests.ts';

const LIST = 'GET /api/session/educator/requests';
/** Requests as the educator gets them. */
const incoming = (overrides: Parameters<typeof aRequest>[0]) => aRequest(overrides, 'educator');
/** The list of `items` as the API answers it: `from` keeps the ones that end after it, `to` the ones that start before. */
const listing =
  (items: SessionRequest[]) =>
  ({ path }: Call) => {
    const query = new URL(path, location.origin).searchParams;
    const [from, to] = [query.get('from'), query.get('to')];
    return {
      body: { items: items.filter((item) => (!from || item.endsAt > from) && (!to || item.startsAt < to)), nextCursor: null },
    };
  };
/** The README's dark theme: its page and its tokens. */
const DARK_THEME =
  'background: #14171c; color: #e8eaed; color-scheme: dark; --oo-accent: #8ab4f8; --oo-on-accent: #14171c; --oo-danger: #f28b82; --oo-success: #81c995; padding: 1rem';
/** The titles (student names) under each heading of the agenda, Earlier's when open. */
const agenda = (el: Element) =>
  $$(el, '[part~=list]').map((list) => [
    list.getAttribute('aria-labelledby'),
    ...[...list.querySelectorAll(':scope > li > div > .title')].map((title) => title.textContent),
  ]);
const pending = incoming({ id: 'p1', studentName: 'Ada Lovelace', startsAt: inHours(30), endsAt: inHours(31) });
const later = incoming({ id: 'p2', studentName: 'Katherine Johnson', startsAt: inHours(50), endsAt: inHours(51), message: null });
const approved = incoming({
  id: 'a1',
  status: 'approved',
  studentName: 'Mary Jackson',
  meetingLink: 'https://meet.example.com/a',
  startsAt: inHours(20),
  endsAt: inHours(21),
});

describe('<session-requests>', () => {
  const { api, mount } = widgetUnderTest<SessionRequests>(html`<session-requests token="t"></session-requests>`, {
    'GET /api/me': { body: educatorMe },
    [LIST]: listing([approved, later, pending]),
  });

  it("starts with today's and this week's sessions in time order with Join, then the requests awaiting approval, oldest first", async () => {
    // The tests' now is Tuesday 4 March 2031, 09:00 in Berlin; in English the week ends on Saturday.
    const session = (id: string, studentName: string, from: number, to = from + 1) =>
      incoming({
        id,
        studentName,
        status: 'approved',
        meetingLink: `https://meet.example.com/${id}`,
        startsAt: inHours(from),
        endsAt: inHours(to),
      });
    const items = [
      session('w2', 'Week Saturday', 4 * 24 + 2),
      session('l1', 'Later Sunday', 5 * 24),
      session('t2', 'Today noon', 3),
      session('t1', 'Today now', -0.5, 0.5),
      session('w1', 'Week Wednesday', 27),
      incoming({ id: 'p-new', studentName: 'Asked last', createdAt: inHours(-1), startsAt: inHours(30), endsAt: inHours(31) }),
      incoming({ id: 'p-old', studentName: 'Asked first', createdAt: inHours(-5), startsAt: inHours(60), endsAt: inHours(61) }),
      session('d1', 'Done', -48, -47),
      incoming({
        id: 'x1',
        studentName: 'Called off',
        status: 'cancelled',
        cancelledBy: 'educator',
        startsAt: inHours(40),
        endsAt: inHours(41),
      }),
    ];
    const el = await mount({ [LIST]: listing(items) });
    const headings = $$(el, '[role=heading]').map((heading) => heading.textContent);
    expect(headings).to.deep.equal(['Today', 'This week', 'Awaiting approval', 'Later']);
    expect(agenda(el)).to.deep.equal([
      ['today', 'Today now', 'Today noon'],
      ['week', 'Week Wednesday', 'Week Saturday'],
      ['pending', 'Asked first', 'Asked last'],
      ['later', 'Later Sunday'],
    ]);
    for (const id of ['t1', 't2', 'w1']) expect(itemOf(el, id).querySelector('[part~=join]'), id).to.exist;
    expect(api.callsTo('GET', LIST.slice(4)).map((call) => call.path)).to.deep.equal([
      `/api/session/educator/requests?from=${encodeURIComponent(inHours(0))}&limit=50`,
    ]);
    expect(($(el, '[part~=earlier]') as HTMLDetailsElement).open, 'Earlier is collapsed').to.equal(false);
    await expect(el).to.be.accessible();

    ($(el, '#earlier') as HTMLElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => itemOf(el, 'd1'), 'Earlier never showed the past');
    expect(agenda(el)[4]).to.deep.equal(['earlier', 'Called off', 'Done']);
    expect(api.callsTo('GET', LIST.slice(4)).at(-1)?.path).to.equal(
      `/api/session/educator/requests?to=${encodeURIComponent(inHours(0))}&order=desc&limit=50`,
    );
    await expect(el).to.be.accessible();

    // Escape from inside Earlier closes it, focus back on its summary.
    (itemOf(el, 'd1').querySelector('button') as HTMLElement).focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !($(el, '[part~=earlier]') as HTMLDetailsElement).open, 'Escape did not close Earlier');
    expect(el.shadowRoot?.activeElement?.id).to.equal('earlier');
  });

  it("ends this week on the locale's last day: Sunday is this week in German, next week in English", async () => {
    const sunday = incoming({ id: 's1', status: 'approved', startsAt: inHours(5 * 24), endsAt: inHours(5 * 24 + 1) });
    const el = await mount({ [LIST]: listing([sunday]) });
    expect(agenda(el).map(([id]) => id)).to.deep.equal(['later']);
    el.lang = 'de';
    await waitUntil(() => agenda(el)[0]?.[0] === 'week', 'Sunday never moved into this week');
  });

  it('ends this week as the week view does where the browser has no week data', async () => {
    const prototype = Intl.Locale.prototype as unknown as Record<string, unknown>;
    const saved = ['getWeekInfo', 'weekInfo'].map((name) => [name, Object.getOwnPropertyDescriptor(prototype, name)] as const);
    try {
      for (const [name] of saved) Object.defineProperty(prototype, name, { value: undefined, configurable: true });
      const sunday = incoming({ id: 's1', status: 'approved', startsAt: inHours(5 * 24), endsAt: inHours(5 * 24 + 1) });
      const el = await mount({ [LIST]: listing([sunday]) });
      expect(
        agenda(el).map(([id]) => id),
        'English weeks start on Sunday',
      ).to.deep.equal(['later']);
      el.lang = 'de';
      await waitUntil(() => agenda(el)[0]?.[0] === 'week', 'Sunday never moved into this week');
    } finally {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(prototype, name, descriptor);
        else delete prototype[name];
      }
    }
  });

  it('says when there is no session today, and opens Earlier, filtered, when the status filter is a closed one', async () => {
    const done = incoming({ id: 'd1', status: 'approved', startsAt: inHours(-48), endsAt: inHours(-47) });
    const el = await mount({ [LIST]: listing([done, pending]) });
    expect($(el, '[part~=empty]')?.textContent).to.equal('No sessions today.');
    type(labelled<HTMLSelectElement>(el, 'Status'), 'pending');
    await el.updateComplete;
    expect(($(el, '[part~=earlier]') as HTMLDetailsElement).open, 'Earlier opened for pending').to.equal(false);
    type(labelled<HTMLSelectElement>(el, 'Status'), 'completed');
    await waitUntil(() => itemOf(el, 'd1'), 'Earlier never showed the completed session');
    expect(($(el, '[part~=earlier]') as HTMLDetailsElement).open).to.equal(true);
    expect(api.calls.at(-1)?.path).to.equal(
      `/api/session/educator/requests?to=${encodeURIComponent(inHours(0))}&order=desc&status=completed&limit=50`,
    );
  });

  it('filters by status and by the courses the caller teaches', async () => {
    const el = await mount();
    const courses = [...labelled<HTMLSelectElement>(el, 'Course').options].map((option) => option.textContent);
    expect(courses).to.deep.equal(['All courses', 'Intro to Algorithms', 'Discrete Mathematics']);
    type(labelled<HTMLSelectElement>(el, 'Status'), 'pending');
    type(labelled<HTMLSelectElement>(el, 'Course'), 'c-200');
    await waitUntil(() => api.calls.at(-1)?.path.includes('courseId'), 'the course was not asked for');
    expect(api.calls.at(-1)?.path).to.equal(
      `/api/session/educator/requests?from=${encodeURIComponent(inHours(0))}&status=pending&courseId=c-200&limit=50`,
    );
  });

  it("meets AA contrast in the README's dark theme, with a move, a recorded attendance and Earlier open", async () => {
    const move = incoming({ id: 'mv', studentName: 'Mary Jackson', replaces: 'a1', startsAt: inHours(60), endsAt: inHours(61) });
    const attended = incoming({ id: 'at', status: 'approved', attended: true, startsAt: inHours(-0.5), endsAt: inHours(0.5) });
    const closed = incoming({
      id: 'rj',
      status: 'rejected',
      rejectionReason: 'Full',
      startsAt: inHours(-30),
      endsAt: inHours(-29),
    });
    const fake = fakeApi({ 'GET /api/me': { body: educatorMe }, [LIST]: listing([approved, move, attended, pending, closed]) });
    try {
      const page = await fixture<HTMLElement>(
        html`<div style=${DARK_THEME}><session-requests token="t"></session-requests></div>`,
      );
      const el = page.querySelector('session-requests') as SessionRequests;
      await waitUntil(() => itemOf(el, 'mv'), 'the agenda never showed');
      ($(el, '#earlier') as HTMLElement).click();
      await waitUntil(() => itemOf(el, 'rj'), 'Earlier never showed');
      within(itemOf(el, 'p1'), 'Approve').click();
      await waitUntil(() => $(el, '[part~=form]'));
      await expect(el).to.be.accessible();
    } finally {
      fake.restore();
    }
  });

  it('checks the meeting link is https before approving', async () => {
    const approvedNow = { ...pending, status: 'approved' as const, meetingLink: 'https://meet.example.com/new' };
    const el = await mount({ 'PUT /api/session/approve/p1': { body: approvedNow } });
    within(itemOf(el, 'p1'), 'Approve').click();
    await waitUntil(() => $(el, '[part~=form]'));
    expect(el.shadowRoot?.activeElement).to.equal(labelled(el, 'Meeting link'));
    for (const hostile of ['javascript:alert(1)', 'http://meet.example.com/a', 'meet.example.com']) {
      type(labelled(el, 'Meeting link'), hostile);
      named(el, 'Approve')?.click();
      await waitForText(el, 'must start with https://');
      await waitForText(el, 'Enter a full meeting link');
    }
    expect(api.callsTo('PUT', '/api/session/approve')).to.have.length(0);
    type(labelled(el, 'Meeting link'), 'https://meet.example.com/new');
    setTimeout(() => named(el, 'Approve')?.click());
    const event = await oneEvent(el, 'request-approved');
    expect(event.detail.request).to.deep.equal(approvedNow);
    expect(api.callsTo('PUT', '/api/session/approve/p1')[0].body).to.deep.equal({ meetingLink: 'https://meet.example.com/new' });
    await waitUntil(() => $(el, '[role=status]')?.textContent === 'Request approved.');
    await waitUntil(() => el.shadowRoot?.activeElement?.id === 'r-p1');
  });

  it('puts focus on the field when the meeting link or the reason is missing', async () => {
    const el = await mount();
    for (const [opener, field] of [
      ['Approve', 'Meeting link'],
      ['Reject', 'Reason for the student'],
    ]) {
      within(itemOf(el, 'p1'), opener).click();
      await waitUntil(() => el.shadowRoot?.activeElement?.id === 'form-input', `${field} was not focused`);
      within(itemOf(el, 'p1'), opener).focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.shadowRoot?.activeElement === labelled(el, field), `focus stayed on ${opener}, not on ${field}`);
      expect(labelled(el, field).getAttribute('aria-invalid')).to.equal('true');
      named(el, 'Keep as it is')?.click();
      await waitUntil(() => !$(el, '[part~=form]'));
    }
    expect(api.callsTo('PUT', '/api/session/')).to.have.length(0);
  });

  it('rejects only with a reason', async () => {
    const el = await mount({
      'PUT /api/session/reject/p2': { body: { ...later, status: 'rejected', rejectionReason: 'Full week' } },
    });
    within(itemOf(el, 'p2'), 'Reject').click();
    await waitUntil(() => $(el, '[part~=form]'));
    within(itemOf(el, 'p2'), 'Reject').click();
    await waitForText(el, 'Please give the student a reason.');
    expect(api.callsTo('PUT', '/api/session/reject')).to.have.length(0);
    type(labelled(el, 'Reason for the student'), '  Full week ');
    setTimeout(() => within(itemOf(el, 'p2'), 'Reject').click());
    const event = await oneEvent(el, 'request-rejected');
    expect(event.detail.request.rejectionReason).to.equal('Full week');
    expect(api.callsTo('PUT', '/api/session/reject/p2')[0].body).to.deep.equal({ reason: 'Full week' });
  });

  it('closes the reject and approve forms on Escape, and puts focus back on the button that opened them', async () => {
    const el = await mount();
    const focused = () => el.shadowRoot?.activeElement?.textContent?.trim();
    for (const opener of ['Reject', 'Approve']) {
      within(itemOf(el, 'p1'), opener).click();
      await waitUntil(() => el.shadowRoot?.activeElement?.id === 'form-input', `${opener}'s field was not focused`);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => focused() === opener, `focus did not return to ${opener}`);
      expect($(el, '[part~=form]')).to.not.exist;
    }
    within(itemOf(el, 'p1'), 'Reject').click();
    await waitUntil(() => $(el, '[part~=form]'));
    named(el, 'Keep as it is')?.click();
    await waitUntil(() => focused() === 'Reject', 'Keep as it is did not return focus to Reject');
    expect(api.callsTo('PUT', '/api/session/')).to.have.length(0);
  });

  it('records attendance once a session has started, and shows what was recorded', async () => {
    const session = {
      status: 'approved',
      meetingLink: 'https://meet.example.com/a',
      startsAt: inHours(-0.5),
      endsAt: inHours(0.5),
    } as const;
    const started = incoming({ ...session, id: 'a2', studentName: 'Mary Jackson' });
    const recorded = incoming({ ...session, id: 'a2', studentName: 'Mary Jackson', attended: true });
    const el = await mount({
      [LIST]: () => ({ body: { items: [api?.callsTo('PUT', '/api/session/attendance').length ? recorded : started] } }),
      'PUT /api/session/attendance/a2': { body: recorded },
    });
    const item = itemOf(el, 'a2');
    expect(within(item, 'Attended').getAttribute('aria-pressed')).to.equal('false');
    setTimeout(() => within(item, 'Attended').click());
    const event = await oneEvent(el, 'attendance-recorded');
    expect(event.detail.request.attended).to.equal(true);
    expect(api.callsTo('PUT', '/api/session/attendance/a2')[0].body).to.deep.equal({ attended: true });
    await waitUntil(() => within(itemOf(el, 'a2'), 'Attended')?.getAttribute('aria-pressed') === 'true');
    expect(itemOf(el, 'a2').querySelector('[part~=attendance]')?.textContent).to.equal('Attended');
    // The chosen answer looks pressed: filled with the accent, its text in the accent's contrasting colour.
    const chosen = getComputedStyle(within(itemOf(el, 'a2'), 'Attended'));
    const other = getComputedStyle(within(itemOf(el, 'a2'), 'Did not attend'));
    expect(within(itemOf(el, 'a2'), 'Did not attend').getAttribute('aria-pressed')).to.equal('false');
    expect(chosen.backgroundColor).to.equal('rgb(37, 87, 214)');
    expect(chosen.color).to.equal('rgb(255, 255, 255)');
    expect(other.backgroundColor).to.not.equal(chosen.backgroundColor);
    await expect(el).to.be.accessible();
  });

  it('cancels an approved session with a reason', async () => {
    const el = await mount({
      'PUT /api/session/cancel/a1': {
        body: { ...approved, status: 'cancelled', cancelledBy: 'educator', cancellationReason: 'Ill' },
      },
    });
    within(itemOf(el, 'a1'), 'Cancel session').click();
    await waitUntil(() => $(el, '[part~=form]'));
    type(labelled(el, 'Reason for the student'), 'Ill');
    setTimeout(() => named(el, 'Cancel session')?.click());
    const event = await oneEvent(el, 'request-cancelled');
    expect(event.detail.request.cancelledBy).to.equal('educator');
    expect(api.callsTo('PUT', '/api/session/cancel/a1')[0].body).to.deep.equal({ reason: 'Ill' });
  });

  it('shows a new request as it arrives, and reads it out', async () => {
    const live = liveStream();
    const fresh = incoming({ id: 'n1', studentName: 'Dorothy Vaughan', startsAt: inHours(40), endsAt: inHours(41) });
    let items = [pending];
    const el = await mount({ [LIST]: () => ({ body: { items } }), 'GET /api/events': live.route });
    items = [pending, fresh];
    live.send('request.created', fresh);
    await waitUntil(() => itemOf(el, 'n1'), 'the new request never appeared');
    await waitUntil(() => $(el, '[role=status]')?.textContent === 'New request from Dorothy Vaughan.');
  });

  it('shows the API refusal where the action was taken', async () => {
    const el = await mount({
      'PUT /api/session/approve/p1': { status: 409, code: 'invalid_state', body: { detail: 'Already decided.' } },
    });
    within(itemOf(el, 'p1'), 'Approve').click();
    await waitUntil(() => $(el, '[part~=form]'));
    type(labelled(el, 'Meeting link'), 'https://meet.example.com/new');
    named(el, 'Approve')?.click();
    await waitForText(el, 'This request has changed in the meantime.');
    expect(itemOf(el, 'p1').querySelector('[role=alert]')?.textContent).to.equal('This request has changed in the meantime.');
    await expect(el).to.be.accessible();
  });

  it('shows a session waiting on a move as the session, with the move and its Approve and Reject on it', async () => {
    const move = incoming({
      id: 'mv',
      studentName: 'Mary Jackson',
      replaces: 'a1',
      message: 'Thursday instead?',
      startsAt: inHours(60),
      endsAt: inHours(61),
    });
    const el = await mount({ [LIST]: listing([approved, move, pending]) });
    expect(agenda(el)).to.deep.equal([
      ['week', 'Mary Jackson'],
      ['pending', 'Ada Lovelace'],
    ]);
    const session = itemOf(el, 'a1');
    expect(itemOf(el, 'mv')).to.equal(session);
    expect(session.querySelector('[part~=move]')?.textContent).to.match(
      /Wants to move this session to Thu, Mar 6, 9:00 – 10:00 PM GMT\+1\.\s+Their session stays booked until you decide\.\s+Thursday instead\?/,
    );
    expect(session.querySelector('[part~=join]')).to.exist;
    expect([...session.querySelectorAll('[part~=move] button')].map((button) => button.textContent?.trim())).to.deep.equal([
      'Approve',
      'Reject',
    ]);
    await expect(el).to.be.accessible();
  });

  it('puts focus back on the session when its move is rejected, and on Earlier when a request closes into it', async () => {
    const move = incoming({ id: 'mv', studentName: 'Mary Jackson', replaces: 'a1', startsAt: inHours(60), endsAt: inHours(61) });
    let items = [approved, move, pending];
    const decided = (updated: SessionRequest) => () => {
      items = items.map((item) => (item.id === updated.id ? updated : item));
      return { body: updated };
    };
    const el = await mount({
      [LIST]: (call) => listing(items)(call),
      'PUT /api/session/reject/mv': decided(incoming({ ...move, status: 'rejected', rejectionReason: 'Full' })),
      'PUT /api/session/cancel/a1': decided(
        incoming({ ...approved, status: 'cancelled', cancelledBy: 'educator', cancellationReason: 'Ill' }),
      ),
    });
    const decide = async (id: string, opener: string, reason: string) => {
      within(itemOf(el, id), opener).focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(
        () => $(el, '#form-input') && el.shadowRoot?.activeElement === labelled(el, 'Reason for the student'),
        'the reason was not focused',
      );
      await sendKeys({ type: reason });
      await sendKeys({ press: 'Enter' });
    };
    await decide('mv', 'Reject', 'Full');
    await waitUntil(() => el.shadowRoot?.activeElement?.id === 'r-a1', 'focus did not return to the session');
    expect(itemOf(el, 'a1').querySelector('[part~=move]')).to.not.exist;
    await decide('a1', 'Cancel session', 'Ill');
    await waitUntil(() => el.shadowRoot?.activeElement?.id === 'earlier', 'focus fell to the page');
    expect(itemOf(el, 'a1')).to.not.exist;
  });

  it('starts the approval of a move from the original session meeting link, and sends it', async () => {
    const move = incoming({ id: 'mv', studentName: 'Mary Jackson', replaces: 'a1', startsAt: inHours(60), endsAt: inHours(61) });
    const el = await mount({
      [LIST]: listing([approved, move]),
      'PUT /api/session/approve/mv': { body: { ...move, status: 'approved', meetingLink: approved.meetingLink } },
    });
    within(itemOf(el, 'mv'), 'Approve').click();
    await waitUntil(() => $(el, '[part~=form]'));
    expect(labelled(el, 'Meeting link').value).to.equal(approved.meetingLink);
    named(el, 'Approve')?.click();
    await waitUntil(() => api.callsTo('PUT', '/api/session/approve/mv').length === 1, 'not sent');
    expect(api.callsTo('PUT', '/api/session/approve/mv')[0].body).to.deep.equal({ meetingLink: approved.meetingLink });
  });

  it('starts the approval of a new request from an empty link', async () => {
    const el = await mount();
    within(itemOf(el, 'p1'), 'Approve').click();
    await waitUntil(() => $(el, '[part~=form]'));
    expect(labelled(el, 'Meeting link').value).to.equal('');
  });

  it('marks a session whose attendance has not reached the LMS gradebook yet, or that the LMS refused', async () => {
    const session = { status: 'approved', startsAt: inHours(-2), endsAt: inHours(-1), attended: true } as const;
    const el = await mount({
      [LIST]: {
        body: {
          items: [
            incoming({ ...session, id: 'g1', studentName: 'Mary Jackson', gradeSync: 'pending' }),
            incoming({ ...session, id: 'g2', studentName: 'Dorothy Vaughan', gradeSync: 'sent' }),
            incoming({ ...session, id: 'g3', studentName: 'Annie Easley', gradeSync: 'failed' }),
          ],
        },
      },
    });
    ($(el, '#earlier') as HTMLElement).click();
    await waitUntil(() => itemOf(el, 'g1'), 'Earlier never showed the past sessions');
    expect(itemOf(el, 'g1').querySelector('[part~=grade]')?.textContent).to.equal('Grade not in the LMS yet');
    expect(itemOf(el, 'g2').querySelector('[part~=grade]')).to.not.exist;
    expect(itemOf(el, 'g3').querySelector('[part~=grade]')?.textContent).to.equal('The LMS refused this grade: enter it there');
    await expect(el).to.be.accessible();
  });
});

describe('<session-requests> views', () => {
  const { api, mount } = widgetUnderTest<SessionRequests>(html`<session-requests token="t"></session-requests>`, {
    'GET /api/me': { body: educatorMe },
    [LIST]: { body: { items: [pending] } },
    ...rosterRoutes('c-101', [aMember({ userId: 'st-9', name: 'Annie Easley' })]),
    ...reportRoutes('c-101'),
  });
  const tabs = (el: Element) => $$(el, '[role=tab]');
  const selected = (el: Element) => $(el, '[role=tab][aria-selected=true]')?.textContent?.trim();
  const press = async (el: SessionRequests, key: string, shown: string) => {
    await sendKeys({ press: key });
    await waitUntil(
      () => selected(el) === shown && el.shadowRoot?.activeElement?.textContent?.trim() === shown,
      `${key} never showed ${shown}`,
    );
  };

  it('offers the Agenda, Students and Reports as tabs, moved between with the arrow keys, Home and End', async () => {
    const el = await mount();
    expect(tabs(el).map((tab) => tab.textContent?.trim())).to.deep.equal(['Agenda', 'Students', 'Reports']);
    expect(selected(el)).to.equal('Agenda');
    expect(tabs(el).map((tab) => tab.tabIndex)).to.deep.equal([0, -1, -1]);
    expect($(el, '[role=tabpanel]')?.getAttribute('aria-labelledby')).to.equal(tabs(el)[0].id);
    expect(itemOf(el, 'p1')).to.exist;
    tabs(el)[0].focus();
    await press(el, 'ArrowRight', 'Students');
    expect(el.getAttribute('view')).to.equal('students');
    await waitForText(el, 'Annie Easley');
    expect(tabs(el).map((tab) => tab.tabIndex)).to.deep.equal([-1, 0, -1]);
    await press(el, 'ArrowRight', 'Reports');
    await press(el, 'ArrowRight', 'Agenda');
    await press(el, 'ArrowLeft', 'Reports');
    await press(el, 'Home', 'Agenda');
    await press(el, 'End', 'Reports');
    await waitUntil(() => $(el, '[part~=stats]'), 'the statistics never showed');
    expect($(el, '[role=tabpanel]')?.getAttribute('aria-labelledby')).to.equal(tabs(el)[2].id);
    expect(el.getAttribute('view')).to.equal('reports');
    await expect(el).to.be.accessible();
    tabs(el)[0].click();
    await waitUntil(() => itemOf(el, 'p1'), 'the agenda never came back');
    expect(el.getAttribute('view')).to.equal('agenda');
  });

  it('offers the tabs on a page that configures its token after the element is drawn, as an LMS launch page does', async () => {
    const late = fakeApi({ 'GET /api/me': { body: educatorMe }, [LIST]: { body: { items: [pending] } } });
    try {
      const el = await fixture<SessionRequests>(html`<session-requests></session-requests>`);
      configure({ token: 'late' });
      await waitUntil(() => tabs(el).length === 3, 'the tabs never came: the viewer was not read after configure()');
      expect(late.callsTo('GET', '/api/me').at(-1)?.token).to.equal('late');
    } finally {
      configure({ token: undefined });
      late.restore();
    }
  });

  it('loads Students and Reports when first opened, for the first course the educator teaches', async () => {
    const el = await mount();
    expect(api.callsTo('GET', '/api/courses/')).to.have.length(0);
    el.view = 'students';
    await waitForText(el, 'Annie Easley');
    expect(api.callsTo('GET', '/api/courses/').map((call) => call.path)).to.deep.equal(['/api/courses/c-101/roster?limit=200']);
    expect(labelled<HTMLSelectElement>(el, 'Course').value).to.equal('c-101');
    expect([...labelled<HTMLSelectElement>(el, 'Course').options].map((option) => option.value)).to.deep.equal([
      'c-101',
      'c-200',
    ]);
  });

  it('follows the writing direction in Arabic: the left arrow goes to the next tab', async () => {
    const el = await mount();
    el.lang = 'ar';
    await waitUntil(() => $(el, '[part~=base]')?.getAttribute('dir') === 'rtl', 'never right to left');
    tabs(el)[0].focus();
    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => el.view === 'students' && el.shadowRoot?.activeElement === tabs(el)[1], 'ArrowLeft never went on');
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => el.view === 'agenda' && el.shadowRoot?.activeElement === tabs(el)[0], 'ArrowRight never went back');
  });

  it('shows only the agenda to someone who teaches no course, whatever view the page asks for', async () => {
    const el = await mount({ 'GET /api/me': { body: { ...educatorMe, courses: [educatorMe.courses[2]] } } });
    el.view = 'students';
    await el.updateComplete;
    expect($(el, '[role=tablist]')).to.not.exist;
    expect($(el, '[role=tabpanel]')).to.not.exist;
    expect(itemOf(el, 'p1')).to.exist;
    expect(api.callsTo('GET', '/api/courses/')).to.have.length(0);
    await expect(el).to.be.accessible();
  });
});

describe('<session-requests> notifications and calendar', () => {
  const { api, mount } = widgetUnderTest<SessionRequests>(html`<session-requests token="t"></session-requests>`, {
    'GET /api/me': { body: educatorMe },
    [LIST]: { body: { items: [approved] } },
  });
  const clipboard = stubbedClipboard();

  it("gives the educator the same Notifications switch and calendar feed as the student's list", async () => {
    const el = await mount({ ...notificationRoutes(false), ...feedRoutes() });
    await waitUntil(() => $(el, '[role=switch]'), 'no switch');
    const emailSwitch = labelled(el, 'Email me about my sessions');
    expect(emailSwitch.checked).to.equal(false);
    emailSwitch.focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => $(el, '[role=status]')?.textContent === 'You will get emails about your sessions.');
    expect(api.callsTo('PUT', '/api/me/notifications')[0].body).to.deep.equal({ email: true });
    expect(el.shadowRoot?.activeElement).to.equal(emailSwitch);

    ($(el, '[part~=feed] summary') as HTMLElement).click();
    await waitUntil(() => $(el, '[part~=subscribe]'), 'the feed never showed');
    expect(($(el, '[part~=subscribe]') as HTMLAnchorElement).href).to.equal(
      'webcal://sessions.example.edu/calendar/secret-1.ics',
    );
    named(el, 'Copy link')?.click();
    await waitUntil(() => $(el, '[role=status]')?.textContent === 'Copied.');
    expect(clipboard.copied).to.deep.equal([feedUrl(1)]);
    await expect(el).to.be.accessible();
  });
});
