// <session-requests>'s Students view: the selected course's roster with each member's sessions, the filter for the
// students who have not booked, and Refresh.
import { expect, html, nextFrame } from '@open-wc/testing';
import '../define.ts';
import type { Routes } from '../internal/fake-api.ts';
import { aMember, aRequest, educatorMe, liveStream, rosterRoutes } from '../internal/fake-api.ts';
import { $, $$, labelled, named, type, waitForText, waitUntil, widgetUnderTest } from '../internal/test-helpers.ts';
import type { SessionRequests } from './session-requests.ts';

const members = [
  aMember({ userId: 'st-1', name: 'Ada Lovelace', upcoming: 1, attended: 2 }),
  aMember({ userId: 'ed-1', name: 'Grace Hopper', role: 'educator' }),
  aMember({ userId: 'st-2', name: 'Katherine Johnson', email: 'katherine@example.edu' }),
  aMember({ userId: 'lti-1:77', name: null, missed: 1 }),
  aMember({ userId: 'ta-1', name: 'Mary Jackson', role: 'other' }),
  aMember({ userId: 'st-3', name: 'Dorothy Vaughan' }),
];

/** The roster's item of the member called `name`. */
const member = (el: Element, name: string) =>
  $$(el, '[part~=item]').find((item) => item.querySelector('.title')?.textContent === name) as HTMLElement;
const names = (el: Element) => $$(el, '[part~=item] .title').map((title) => title.textContent);
const said = (el: Element) => $(el, '[role=status]')?.textContent;

describe('<session-requests> Students', () => {
  const { api, mount } = widgetUnderTest<SessionRequests>(html`<session-requests token="t" view="students"></session-requests>`, {
    'GET /api/me': { body: educatorMe },
    'GET /api/session/educator/requests': { body: { items: [], nextCursor: null } },
    ...rosterRoutes('c-101', members),
  });
  /** The element once its Students view shows the roster (or says it is empty). */
  const open = async (routes?: Routes) => {
    const el = await mount(routes);
    await waitUntil(
      () => $(el, '#tab-students[aria-selected=true]') && $(el, '[role=tabpanel] :is([part~=list], [part~=empty])'),
    );
    return el;
  };

  it("follows the course's requests as they change: a student who books is no longer listed as not booked", async () => {
    const live = liveStream();
    const roster = members.map((one) => ({ ...one }));
    const el = await open({ ...rosterRoutes('c-101', roster), 'GET /api/events': live.route });
    expect(member(el, 'Katherine Johnson').textContent).to.include('Not booked yet');
    roster[2].upcoming = 1;
    live.send('request.approved', aRequest({ courseId: 'c-101', studentId: 'st-2', status: 'approved' }));
    await waitUntil(
      () => member(el, 'Katherine Johnson').textContent?.includes('Upcoming: 1'),
      'the Students view did not follow the approval',
    );
    const reads = api.callsTo('GET', '/api/courses/c-101/roster').length;
    live.send('request.approved', aRequest({ courseId: 'c-200', status: 'approved' }));
    live.send('request.created', aRequest({ courseId: 'c-101', studentId: 'st-3' }));
    await waitUntil(() => api.callsTo('GET', '/api/courses/c-101/roster').length === reads + 1, 'no read after a request');
    await nextFrame();
    expect(api.callsTo('GET', '/api/courses/c-101/roster')).to.have.length(reads + 1);
  });

  it("lists the course's members with their sessions, the roles other than student, and when the LMS was read", async () => {
    const el = await open();
    expect(names(el)).to.deep.equal([
      'Ada Lovelace',
      'Grace Hopper',
      'Katherine Johnson',
      'lti-1:77',
      'Mary Jackson',
      'Dorothy Vaughan',
    ]);
    expect(member(el, 'Ada Lovelace').textContent).to.include('Upcoming: 1 · Attended: 2 · Missed: 0');
    expect(member(el, 'lti-1:77').textContent).to.include('Upcoming: 0 · Attended: 0 · Missed: 1');
    expect(member(el, 'Katherine Johnson').textContent).to.include('Not booked yet').and.to.include('katherine@example.edu');
    expect(member(el, 'Grace Hopper').querySelector('[part~=badge]')?.textContent).to.equal('Educator');
    expect(member(el, 'Grace Hopper').textContent).not.to.include('Not booked yet');
    expect(member(el, 'Mary Jackson').querySelector('[part~=badge]')?.textContent).to.equal('Other role');
    expect(member(el, 'Ada Lovelace').querySelector('[part~=badge]')).to.not.exist;
    expect($(el, '[part~=note] time')?.textContent).to.equal('Updated 15 minutes ago');
    expect(api.callsTo('GET', '/api/courses/c-101/roster').map((call) => call.token)).to.deep.equal(['t']);
    await expect(el).to.be.accessible();
  });

  it('filters the students who have not booked yet, reading the rest of the roster first', async () => {
    const el = await open(rosterRoutes('c-101', members, { pageSize: 2 }));
    expect(names(el)).to.deep.equal(['Ada Lovelace', 'Grace Hopper']);
    const filter = labelled(el, 'Only students not booked yet');
    filter.click();
    await waitUntil(() => said(el) === '2 students have not booked yet.', 'the filter never said how many');
    expect(names(el)).to.deep.equal(['Katherine Johnson', 'Dorothy Vaughan']);
    expect(api.callsTo('GET', '/api/courses/c-101/roster').map((call) => call.path)).to.deep.equal([
      '/api/courses/c-101/roster?limit=200',
      '/api/courses/c-101/roster?limit=200&cursor=2',
      '/api/courses/c-101/roster?limit=200&cursor=4',
    ]);
    expect(named(el, 'Show more students')).to.not.exist;
    filter.click();
    await waitUntil(() => names(el).length === members.length, 'the filter never turned off');
    await expect(el).to.be.accessible();
  });

  it('says when every student listed has booked', async () => {
    const el = await open(rosterRoutes('c-101', [members[0], members[1]]));
    labelled(el, 'Only students not booked yet').click();
    await waitForText(el, 'Every student listed has booked a session.');
    await waitUntil(() => said(el) === '0 students have not booked yet.');
  });

  it('shows more members a page at a time', async () => {
    const el = await open(rosterRoutes('c-101', members, { pageSize: 4 }));
    expect(names(el)).to.have.length(4);
    named(el, 'Show more students')?.click();
    await waitUntil(() => said(el) === '2 more shown.', 'more never came');
    expect(names(el)).to.have.length(6);
    expect(named(el, 'Show more students')).to.not.exist;
  });

  it('reads the roster from the LMS again on Refresh, keeping focus on the button', async () => {
    const el = await open();
    const refresh = named(el, 'Refresh') as HTMLButtonElement;
    refresh.focus();
    refresh.click();
    await waitUntil(() => said(el) === 'Roster updated.', 'the refresh was never said');
    expect(api.callsTo('GET', '/api/courses/c-101/roster').at(-1)?.path).to.equal(
      '/api/courses/c-101/roster?limit=200&refresh=1',
    );
    expect($(el, '[part~=note] time')?.textContent).to.equal('Updated just now');
    expect(el.shadowRoot?.activeElement).to.equal(refresh);
  });

  it('keeps the roster when a refresh fails, and says why', async () => {
    const el = await open({ 'GET /api/courses/c-101/roster?limit=200&refresh=1': { status: 429, code: 'rate_limited' } });
    named(el, 'Refresh')?.click();
    await waitUntil(() => said(el) === 'Too many changes at once. Wait a minute and try again.', 'the failure was never said');
    expect(names(el)).to.have.length(members.length);
  });

  it('says so when the LMS did not share its roster: these are the people who have used the tool', async () => {
    const el = await open(rosterRoutes('c-101', [members[0]], { source: 'none' }));
    await waitForText(
      el,
      'The LMS did not share its roster, so these are the people who have used the booking tool in this course.',
    );
    expect($(el, '[part~=note] time')).to.not.exist;
    expect(named(el, 'Refresh')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('shows the roster of the course chosen', async () => {
    const el = await open(rosterRoutes('c-200', []));
    type(labelled<HTMLSelectElement>(el, 'Course'), 'c-200');
    await waitForText(el, 'No one is listed in this course yet.');
    expect(api.callsTo('GET', '/api/courses/c-200/roster')).to.have.length(1);
  });
});
