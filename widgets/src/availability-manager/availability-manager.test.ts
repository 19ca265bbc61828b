import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.ts';
import { aSlot, type Call, educatorMe, fakeApi, inHours } from '../internal/fake-api.ts';
import {
  $,
  $$,
  itemOf,
  labelled,
  loaded,
  named,
  type,
  waitForText,
  waitUntil,
  widgetUnderTest,
  within,
} from '../internal/test-helpers.ts';
import type { AvailabilityManager } from './availability-manager.ts';

const SLOTS = 'GET /api/availability/educator/slots';
/** The README's dark theme: its page and its tokens. */
const DARK_THEME =
  'background: #14171c; color: #e8eaed; color-scheme: dark; --oo-accent: #8ab4f8; --oo-on-accent: #14171c; --oo-danger: #f28b82; --oo-success: #81c995; padding: 1rem';
const open = aSlot({ id: 'open', pendingCount: 2, note: 'Bring questions' });
const booked = aSlot({ id: 'booked', status: 'booked', startsAt: inHours(48), endsAt: inHours(49) });

describe('<availability-manager>', () => {
  const { api, mount } = widgetUnderTest<AvailabilityManager>(
    html`<availability-manager token="t" view="list"></availability-manager>`,
    {
      'GET /api/me': { body: educatorMe },
      [SLOTS]: { body: { items: [open, booked] } },
    },
  );

  it('lists the slots with their booking state and pending requests', async () => {
    const el = await mount();
    expect(itemOf(el, 'open').querySelector('[part~=badge]')?.textContent).to.equal('Open');
    expect(itemOf(el, 'open').textContent).to.include('2 requests awaiting approval');
    expect(itemOf(el, 'open').textContent).to.include('Bring questions');
    expect(itemOf(el, 'booked').querySelector('[part~=badge]')?.textContent).to.equal('Booked');
    await expect(el).to.be.accessible();
  });

  it('offers only the courses the caller teaches', async () => {
    const el = await mount();
    const options = [...labelled<HTMLSelectElement>(el, 'Course').options].map((option) => option.value);
    expect(options).to.deep.equal(['c-101', 'c-200']);
  });

  it('creates a slot from a course, a date, a start time and a duration', async () => {
    // 15:30 on 7 March in the viewer's zone (Europe/Berlin, UTC+1) is 14:30 UTC.
    const start = new Date('2031-03-07T14:30:00.000Z');
    const created = aSlot({ id: 'new', courseId: 'c-200', startsAt: start.toISOString() });
    const el = await mount({ 'POST /api/availability/create': { status: 201, body: created } });
    expect(el.shadowRoot?.textContent).to.include('(times in Central European Time)');
    type(labelled<HTMLSelectElement>(el, 'Course'), 'c-200');
    type(labelled(el, 'Date'), '2031-03-07');
    type(labelled(el, 'Start time'), '15:30');
    type(labelled<HTMLSelectElement>(el, 'Duration'), '45');
    type(labelled<HTMLTextAreaElement>(el, 'Note for students'), 'Room 4');
    setTimeout(() => named(el, 'Create slot')?.click());
    const event = await oneEvent(el, 'slot-created');
    expect(event.detail.slot).to.deep.equal(created);
    expect(api.callsTo('POST', '/api/availability/create')[0].body).to.deep.equal({
      courseId: 'c-200',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 45 * 60_000).toISOString(),
      note: 'Room 4',
    });
    await waitUntil(() => api.callsTo('GET', '/api/availability/educator/slots').length === 2);
    await waitUntil(() => ($(el, '[role=status]')?.textContent ?? '').startsWith('Slot created'));
  });

  it('takes a custom duration in minutes', async () => {
    const el = await mount({ 'POST /api/availability/create': { status: 201, body: aSlot() } });
    type(labelled(el, 'Date'), '2031-03-05');
    type(labelled(el, 'Start time'), '10:00');
    type(labelled<HTMLSelectElement>(el, 'Duration'), 'custom');
    await waitUntil(() => $(el, 'input[type=number]'));
    type(labelled(el, 'Minutes'), '5');
    named(el, 'Create slot')?.click();
    await waitForText(el, 'A slot lasts from 10 minutes to 480 minutes.');
    type(labelled(el, 'Minutes'), '75');
    setTimeout(() => named(el, 'Create slot')?.click());
    await oneEvent(el, 'slot-created');
    const body = api.callsTo('POST', '/api/availability/create')[0].body as { startsAt: string; endsAt: string };
    expect(Date.parse(body.endsAt) - Date.parse(body.startsAt)).to.equal(75 * 60_000);
  });

  it('asks for a date and time before sending, and shows an overlap next to the time fields', async () => {
    const el = await mount({
      'POST /api/availability/create': {
        status: 409,
        code: 'slot_overlap',
        body: { detail: 'This time overlaps another of your slots.' },
      },
    });
    named(el, 'Create slot')?.click();
    await waitForText(el, 'Choose a date and a start time.');
    expect(api.callsTo('POST', '/api/availability/create')).to.have.length(0);
    type(labelled(el, 'Date'), '2031-03-05');
    type(labelled(el, 'Start time'), '10:00');
    named(el, 'Create slot')?.click();
    await waitForText(el, 'This time overlaps another of your slots.');
    const problem = $(el, '#new-when-problem');
    expect(problem?.textContent).to.equal('This time overlaps another of your slots.');
    expect(labelled(el, 'Start time').getAttribute('aria-describedby')).to.equal('new-when-problem');
    await expect(el).to.be.accessible();
  });

  it('says when the educator already holds as many upcoming slots as allowed, in their language', async () => {
    const el = await mount({ 'POST /api/availability/create': { status: 409, code: 'slot_limit' } });
    el.setAttribute('lang', 'es');
    await waitForText(el, 'Crear franja');
    type(labelled(el, 'Fecha'), '2031-03-05');
    type(labelled(el, 'Hora de inicio'), '10:00');
    named(el, 'Crear franja')?.click();
    await waitForText(el, 'Has alcanzado el límite de franjas próximas. Elimina algunas antes de añadir más.');
    await expect(el).to.be.accessible();
  });

  it('edits a slot and shows why its time cannot move', async () => {
    const el = await mount({
      'PUT /api/availability/update/open': {
        status: 409,
        code: 'slot_has_requests',
        body: { detail: 'Times are fixed while requests are pending.' },
      },
    });
    within(itemOf(el, 'open'), 'Edit').click();
    await waitUntil(() => $(el, 'li form'));
    expect($<HTMLTextAreaElement>(itemOf(el, 'open'), 'textarea')?.value).to.equal('Bring questions');
    type($(itemOf(el, 'open'), 'input[type=time]') as HTMLInputElement, '06:00');
    within(itemOf(el, 'open'), 'Save changes').click();
    // The widget's own words for the code, never the API's English detail.
    await waitForText(el, 'Students have asked for this slot, so its time cannot change.');
    expect($(el, '#edit-when-problem')?.textContent).to.equal('Students have asked for this slot, so its time cannot change.');
    expect(el.shadowRoot?.textContent).not.to.include('Times are fixed');
  });

  it('saves an edit and fires slot-changed', async () => {
    const changed = { ...open, note: 'Room 5' };
    const el = await mount({ 'PUT /api/availability/update/open': { body: changed } });
    within(itemOf(el, 'open'), 'Edit').click();
    await waitUntil(() => $(el, 'li form'));
    type($(itemOf(el, 'open'), 'textarea') as HTMLTextAreaElement, 'Room 5');
    setTimeout(() => within(itemOf(el, 'open'), 'Save changes').click());
    const event = await oneEvent(el, 'slot-changed');
    expect(event.detail.slot).to.deep.equal(changed);
    expect(api.callsTo('PUT', '/api/availability/update/open')[0].body).to.deep.equal({ note: 'Room 5' });
  });

  it('closes the edit form and the delete confirmation on Escape, Discard or Keep it, with focus back on Edit or Delete', async () => {
    const el = await mount();
    const focused = () => el.shadowRoot?.activeElement?.textContent?.trim();
    within(itemOf(el, 'booked'), 'Edit').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, 'li form'));
    await waitUntil(
      () => el.shadowRoot?.activeElement === $(itemOf(el, 'booked'), 'input[type=date]'),
      "Edit did not focus the slot's own Date",
    );
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused() === 'Edit', 'focus did not return to Edit');
    within(itemOf(el, 'open'), 'Edit').click();
    await waitUntil(() => $(el, 'li form'));
    $<HTMLTextAreaElement>(itemOf(el, 'open'), 'textarea')?.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused() === 'Edit', 'focus did not return to Edit');
    expect($(el, 'li form')).to.not.exist;
    within(itemOf(el, 'open'), 'Delete').click();
    await waitUntil(() => el.shadowRoot?.activeElement?.id === 'confirm-delete');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused() === 'Delete', 'focus did not return to Delete');
    expect($(el, '#confirm-delete')).to.not.exist;
    within(itemOf(el, 'open'), 'Edit').click();
    await waitUntil(() => $(el, 'li form'));
    within(itemOf(el, 'open'), 'Discard').click();
    await waitUntil(() => focused() === 'Edit', 'Discard did not return focus to Edit');
    within(itemOf(el, 'open'), 'Delete').click();
    await waitUntil(() => $(el, '#confirm-delete'));
    within(itemOf(el, 'open'), 'Keep it').click();
    await waitUntil(() => focused() === 'Delete', 'Keep it did not return focus to Delete');
    expect(api.calls.filter((call) => call.method !== 'GET')).to.have.length(0);
  });

  it('deletes after confirmation, and shows a refusal next to the action', async () => {
    const el = await mount({
      'DELETE /api/availability/delete/open': { status: 204 },
      'DELETE /api/availability/delete/booked': {
        status: 409,
        code: 'slot_has_booking',
        body: { detail: 'Cancel the approved session first.' },
      },
    });
    within(itemOf(el, 'booked'), 'Delete').click();
    await waitUntil(() => el.shadowRoot?.activeElement?.id === 'confirm-delete');
    within(itemOf(el, 'booked'), 'Yes, delete').click();
    await waitForText(el, 'This slot is booked. Cancel the session first.');
    expect(itemOf(el, 'booked').querySelector('[role=alert]')?.textContent).to.equal(
      'This slot is booked. Cancel the session first.',
    );

    within(itemOf(el, 'open'), 'Delete').click();
    await waitUntil(() => itemOf(el, 'open').textContent?.includes('Its requests awaiting approval will be rejected.'));
    setTimeout(() => within(itemOf(el, 'open'), 'Yes, delete').click());
    const event = await oneEvent(el, 'slot-deleted');
    expect(event.detail.slot.id).to.equal('open');
    expect(api.callsTo('DELETE', '/api/availability/delete/open')).to.have.length(1);
  });

  it('says so when the caller teaches no course', async () => {
    const el = await mount({
      'GET /api/me': { body: { id: 'st', name: null, courses: [{ id: 'c-1', role: 'student' }] } },
      [SLOTS]: { body: { items: [] } },
    });
    await waitForText(el, 'You do not teach a course here');
    expect($$(el, 'form')).to.have.length(0);
  });

  it("lists the weekdays of weekly hours from the locale's first day of the week", async () => {
    const el = await mount();
    ($(el, 'summary') as HTMLElement).click();
    await waitUntil(() => $(el, 'details[open] form'));
    const days = () => $$(el, '.weekdays label').map((label) => label.textContent?.trim());
    expect(days()).to.deep.equal(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
    el.lang = 'de';
    await waitUntil(() => days()[0] === 'Mo', `German weeks start on Monday: ${days()}`);
    el.lang = 'ar';
    const saturday = new Intl.DateTimeFormat('ar', { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2031, 2, 8));
    await waitUntil(() => days()[0] === saturday, `Arabic weeks start on Saturday: ${days()}`);
  });

  it('publishes weekly office hours after showing how many slots they make, and names the times that collide', async () => {
    let collide = true;
    const made = aSlot({ id: 'w1', seriesId: 'ser-1', startsAt: inHours(50), endsAt: inHours(50.5) });
    const el = await mount({
      [SLOTS]: () => ({ body: { items: collide ? [open, booked] : [open, booked, made] } }),
      'POST /api/availability/series': () =>
        collide
          ? {
              status: 409,
              code: 'slot_overlap',
              body: { conflicts: [{ startsAt: '2031-03-10T08:00:00.000Z', endsAt: '2031-03-10T08:30:00.000Z' }] },
            }
          : { status: 201, body: { seriesId: 'ser-1', items: [made] } },
    });
    ($(el, 'summary') as HTMLElement).click();
    await waitUntil(() => $(el, 'details[open] form'));
    for (const day of ['Mon', 'Wed']) labelled<HTMLInputElement>(el, day).click();
    type(labelled(el, 'From'), '2031-03-05');
    type(labelled(el, 'Until'), '2031-03-18');
    type(labelled(el, 'From time'), '09:00');
    type(labelled(el, 'Until time'), '10:00');
    // Mondays 10 and 17, Wednesdays 5 and 12 of March 2031, two half-hour slots each.
    await waitForText(el, 'Makes 8 slots (times in Central European Time).');
    named(el, 'Publish 8 slots')?.click();
    await waitForText(el, 'Mon, Mar 10');
    expect(api.callsTo('POST', '/api/availability/series')[0].body).to.deep.equal({
      courseId: 'c-101',
      timeZone: 'Europe/Berlin',
      from: '2031-03-05',
      until: '2031-03-18',
      weekdays: [1, 3],
      startTime: '09:00',
      endTime: '10:00',
      slotMinutes: 30,
      breakMinutes: 0,
    });
    collide = false;
    setTimeout(() => named(el, 'Publish 8 slots')?.click());
    const event = await oneEvent(el, 'series-created');
    expect(event.detail.seriesId).to.equal('ser-1');
    await waitUntil(() => ($(el, '[role=status]')?.textContent ?? '') === 'Published: 1 slot.');
    await waitUntil(() => el.shadowRoot?.activeElement?.id === 's-w1', 'focus did not go to the new slot');
    expect(($(el, '[part~=series]') as HTMLDetailsElement).open).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('asks for the meeting link of weekly hours booked at once, with focus on its field', async () => {
    const el = await mount();
    ($(el, '[part~=series] summary') as HTMLElement).click();
    await waitUntil(() => $(el, 'details[open] form'));
    labelled<HTMLInputElement>(el, 'Wed').click();
    type(labelled(el, 'From'), '2031-03-05');
    type(labelled(el, 'Until'), '2031-03-18');
    type(labelled(el, 'From time'), '09:00');
    type(labelled(el, 'Until time'), '10:00');
    labelled<HTMLInputElement>(el, 'Book at once').click();
    await waitForText(el, 'Makes 4 slots');
    named(el, 'Publish 4 slots')?.focus();
    await sendKeys({ press: 'Enter' });
    await waitForText(el, 'Booking at once needs the meeting link students will get.');
    await waitUntil(() => el.shadowRoot?.activeElement === labelled(el, 'Meeting link'), 'focus stayed on Publish');
    type(labelled(el, 'Meeting link'), 'meet.example.com/x');
    named(el, 'Publish 4 slots')?.click();
    await waitForText(el, 'Enter a full meeting link that starts with https://');
    expect(el.shadowRoot?.activeElement).to.equal(labelled(el, 'Meeting link'));
    expect(api.callsTo('POST', '/api/availability/series')).to.have.length(0);
  });

  it('closes Repeat weekly and the booking rules on Escape, focus back on their summary', async () => {
    const el = await mount({
      'GET /api/courses/c-101/policy': {
        body: {
          courseId: 'c-101',
          minNoticeMinutes: 0,
          maxDaysAhead: 30,
          cancelNoticeMinutes: 0,
          maxPendingPerStudent: 5,
          maxUpcomingPerStudent: null,
          attendanceGoal: 1,
        },
      },
    });
    for (const [part, field] of [
      ['series', 'From time'],
      ['policy', 'Days ahead students can book'],
    ]) {
      const summary = $(el, `[part~=${part}] summary`) as HTMLElement;
      summary.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => $(el, `[part~=${part}] input`), `${part} never opened`);
      labelled(el, field).focus();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !($(el, `[part~=${part}]`) as HTMLDetailsElement).open, `Escape did not close ${part}`);
      expect(el.shadowRoot?.activeElement).to.equal(summary);
    }
  });

  it("meets AA contrast in the README's dark theme, with a slot's edit form and Repeat weekly open", async () => {
    const fake = fakeApi({ 'GET /api/me': { body: educatorMe }, [SLOTS]: { body: { items: [open, booked] } } });
    try {
      const page = await fixture<HTMLElement>(
        html`<div style=${DARK_THEME}><availability-manager token="t" view="list"></availability-manager></div>`,
      );
      const el = page.querySelector('availability-manager') as AvailabilityManager;
      await loaded(el);
      within(itemOf(el, 'open'), 'Edit').click();
      ($(el, '[part~=series] summary') as HTMLElement).click();
      await waitUntil(() => $(el, 'li form') && $(el, 'details[open] form'));
      await expect(el).to.be.accessible();
    } finally {
      fake.restore();
    }
  });

  it('deletes a whole series from one of its slots', async () => {
    const weekly = aSlot({ id: 'w1', seriesId: 'ser-1' });
    const el = await mount({
      [SLOTS]: { body: { items: [weekly] } },
      'DELETE /api/availability/series/ser-1': { body: { deleted: 3, kept: 1 } },
    });
    within(itemOf(el, 'w1'), 'Delete').click();
    await waitUntil(() => within(itemOf(el, 'w1'), 'Delete the whole series'));
    setTimeout(() => within(itemOf(el, 'w1'), 'Delete the whole series').click());
    const event = await oneEvent(el, 'series-deleted');
    expect(event.detail).to.deep.equal({ seriesId: 'ser-1', deleted: 3, kept: 1 });
    await waitUntil(
      () => ($(el, '[role=status]')?.textContent ?? '') === 'Series deleted: 3 slots removed, 1 booked or started slot kept.',
    );
  });

  it("shows and saves the selected course's booking rules, the attendance goal of the LMS gradebook too", async () => {
    const policy = {
      courseId: 'c-101',
      minNoticeMinutes: 0,
      maxDaysAhead: 366,
      cancelNoticeMinutes: 0,
      maxPendingPerStudent: 5,
      maxUpcomingPerStudent: null,
      attendanceGoal: 1,
    };
    const el = await mount({
      'GET /api/courses/c-101/policy': { body: policy },
      'PUT /api/courses/c-101/policy': (call: Call) => ({ body: { ...policy, ...(call.body as object) } }),
    });
    ($$(el, 'summary').find((summary) => summary.textContent?.startsWith('Booking rules')) as HTMLElement).click();
    await waitUntil(() => $(el, '[part~=policy] input'), 'the rules never loaded');
    expect(labelled(el, 'Days ahead students can book').value).to.equal('366');
    expect(labelled(el, 'Upcoming sessions per student').value).to.equal('');
    type(labelled(el, 'Latest a student can cancel'), '120');
    const goal = labelled(el, 'Attendance goal');
    expect(goal.value).to.equal('1');
    expect([goal.min, goal.max]).to.deep.equal(['1', '100']);
    expect($(el, `#${goal.getAttribute('aria-describedby')}`)?.textContent).to.equal(
      'Sessions attended for full marks in the LMS gradebook',
    );
    type(goal, '8');
    named(el, 'Save booking rules')?.click();
    await waitUntil(() => ($(el, '[role=status]')?.textContent ?? '') === 'Booking rules saved.');
    expect(api.callsTo('PUT', '/api/courses/c-101/policy')[0].body).to.deep.equal({
      minNoticeMinutes: 0,
      maxDaysAhead: 366,
      cancelNoticeMinutes: 120,
      maxPendingPerStudent: 5,
      maxUpcomingPerStudent: null,
      attendanceGoal: 8,
    });
    await expect(el).to.be.accessible();
  });
});
