// Weekly office hours (SPEC §9): a series in one step, wall-clock times that hold across daylight-saving
// changes, all or nothing with the conflicts named, deleted as a whole; and instant slots.
import { beforeEach, describe, expect, it } from 'vitest';
import { at, setup, type TestApi, users } from './helpers.ts';
import { plansOf } from './plans.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

const weekly = (overrides: object = {}) => ({
  courseId: 'c-101',
  timeZone: 'Europe/Berlin',
  from: '2027-01-04',
  until: '2027-01-10',
  weekdays: [1],
  startTime: '09:00',
  endTime: '10:00',
  slotMinutes: 60,
  ...overrides,
});

/** Every day for 100 days, five half-hour slots a day: the documented maximum of 500 slots. */
const fiveHundred = {
  timeZone: 'UTC',
  from: '2027-01-04',
  until: '2027-04-13',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  startTime: '09:00',
  endTime: '11:30',
  slotMinutes: 30,
};

const publish = (overrides: object = {}) => api.post('/api/availability/series', users.educator, weekly(overrides));
const startsOf = (res: { body: { items: { startsAt: string }[] } }) => res.body.items.map((slot) => slot.startsAt);

describe('POST /api/availability/series', () => {
  it.each([
    [
      'Europe/Berlin in March',
      'Europe/Berlin',
      '2027-03-21',
      '2027-04-04',
      7,
      ['2027-03-21T08:00:00.000Z', '2027-03-28T07:00:00.000Z', '2027-04-04T07:00:00.000Z'],
    ],
    [
      'Europe/Berlin in October',
      'Europe/Berlin',
      '2027-10-24',
      '2027-11-07',
      7,
      ['2027-10-24T07:00:00.000Z', '2027-10-31T08:00:00.000Z', '2027-11-07T08:00:00.000Z'],
    ],
    [
      'America/New_York in March',
      'America/New_York',
      '2027-03-08',
      '2027-03-15',
      1,
      ['2027-03-08T14:00:00.000Z', '2027-03-15T13:00:00.000Z'],
    ],
    [
      'America/New_York in November',
      'America/New_York',
      '2027-11-01',
      '2027-11-08',
      1,
      ['2027-11-01T13:00:00.000Z', '2027-11-08T14:00:00.000Z'],
    ],
    [
      'Asia/Kolkata, half an hour off UTC',
      'Asia/Kolkata',
      '2027-01-04',
      '2027-01-11',
      1,
      ['2027-01-04T03:30:00.000Z', '2027-01-11T03:30:00.000Z'],
    ],
  ])('keeps 09:00 at 09:00 local: %s', async (_, timeZone, from, until, weekday, expected) => {
    const res = await publish({ timeZone, from, until, weekdays: [weekday] });
    expect(res.status).toBe(201);
    expect(startsOf(res)).toEqual(expected);
    expect(res.body.items.every((slot: { seriesId: string }) => slot.seriesId === res.body.seriesId)).toBe(true);
  });

  it('divides the span into slots with breaks, and leaves out a slot that would end after it', async () => {
    const fit = await publish({ timeZone: 'UTC', startTime: '09:00', endTime: '11:00', slotMinutes: 25, breakMinutes: 5 });
    expect(startsOf(fit).map((start) => start.slice(11, 16))).toEqual(['09:00', '09:30', '10:00', '10:30']);
    const loose = await publish({
      timeZone: 'UTC',
      from: '2027-01-11',
      until: '2027-01-11',
      startTime: '09:00',
      endTime: '11:00',
      slotMinutes: 40,
      breakMinutes: 10,
    });
    expect(startsOf(loose).map((start) => start.slice(11, 16))).toEqual(['09:00', '09:50']);
  });

  it('skips what has already started, and refuses a series with nothing left or too much', async () => {
    api.setNow('2027-01-04T08:30:00.000Z');
    const res = await publish({
      timeZone: 'UTC',
      from: '2027-01-04',
      until: '2027-01-11',
      startTime: '08:00',
      endTime: '10:00',
      slotMinutes: 60,
    });
    expect(startsOf(res)).toEqual(['2027-01-04T09:00:00.000Z', '2027-01-11T08:00:00.000Z', '2027-01-11T09:00:00.000Z']);
    const none = await publish({ timeZone: 'UTC', from: '2027-01-01', until: '2027-01-03' });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('from');
    // Its only Monday is within 366 days, but its last day is not.
    const tooFar = await publish({ timeZone: 'UTC', from: '2028-01-03', until: '2028-01-08', weekdays: [1] });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.errors[0].path).toBe('until');
    const many = await publish({
      timeZone: 'UTC',
      from: '2027-01-04',
      until: '2027-12-31',
      weekdays: [1, 2, 3, 4, 5],
      startTime: '08:00',
      endTime: '12:00',
      slotMinutes: 30,
    });
    expect(many.status).toBe(400);
    expect(many.body.errors[0].path).toBe('until');
  });

  it('refuses a from more than 366 days before today, naming from, without walking the years between', async () => {
    const ancient = await publish({ from: '1000-01-01' });
    expect(ancient.status).toBe(400);
    expect(ancient.body.errors[0].path).toBe('from');
    // Today is 1 December 2026: 30 November 2025 is 366 days back, the 29th one more.
    const tooEarly = await publish({ timeZone: 'UTC', from: '2025-11-29', until: '2026-12-14' });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.errors[0].path).toBe('from');
  });

  it('accepts a from 366 days back and skips the occurrences that have passed', async () => {
    const res = await publish({ timeZone: 'UTC', from: '2025-11-30', until: '2026-12-14' });
    expect(res.status).toBe(201);
    expect(startsOf(res)).toEqual(['2026-12-07T09:00:00.000Z', '2026-12-14T09:00:00.000Z']);
  });

  it('makes the documented maximum of 500 slots, and refuses 501', async () => {
    const res = await publish(fiveHundred);
    expect(res.status).toBe(201);
    expect(res.body.items).toHaveLength(500);
    expect(res.body.items[499].startsAt).toBe('2027-04-13T11:00:00.000Z');
    // Three a day for 167 days.
    const more = await publish({ ...fiveHundred, until: '2027-06-19', endTime: '10:30' });
    expect(more.status).toBe(400);
    expect(more.body.errors[0].path).toBe('until');
  });

  it('names every one of 500 occurrences that overlap, and makes none of them', async () => {
    const first = await publish(fiveHundred);
    const again = await publish(fiveHundred);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('slot_overlap');
    expect(again.body.conflicts).toEqual(
      first.body.items.map(({ startsAt, endsAt }: { startsAt: string; endsAt: string }) => ({ startsAt, endsAt })),
    );
    const rows = await api.db.$client.execute('SELECT count(*) AS n FROM slots');
    expect(Number(rows.rows[0].n)).toBe(500);
  });

  it('checks its fields', async () => {
    for (const [field, change] of [
      ['timeZone', { timeZone: 'Mars/Olympus' }],
      ['until', { until: '2027-01-01' }],
      ['endTime', { endTime: '08:00' }],
      ['weekdays.0', { weekdays: [0] }],
      ['weekdays', { weekdays: [] }],
      ['slotMinutes', { slotMinutes: 5 }],
      ['breakMinutes', { breakMinutes: 121 }],
      ['from', { from: '2027-02-30' }],
      ['startTime', { startTime: '9:00' }],
      ['meetingLink', { instant: true }],
    ] as const) {
      const res = await publish(change);
      expect(res.status, field).toBe(400);
      expect(res.body.errors[0].path, JSON.stringify(change)).toBe(field);
    }
    expect((await api.post('/api/availability/series', users.student, weekly())).status).toBe(403);
  });

  it('makes nothing when one occurrence overlaps another slot of the educator, and names it', async () => {
    const busy = await api.post('/api/availability/create', users.educator, {
      courseId: 'c-101',
      startsAt: '2027-01-11T08:30:00.000Z',
      endsAt: '2027-01-11T09:30:00.000Z',
    });
    const res = await publish({ until: '2027-01-31' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('slot_overlap');
    expect(res.body.conflicts).toEqual([{ startsAt: '2027-01-11T08:00:00.000Z', endsAt: '2027-01-11T09:00:00.000Z' }]);
    const mine = await api.get('/api/availability/educator/slots?limit=200', users.educator);
    expect(mine.body.items.map((slot: { id: string }) => slot.id)).toEqual([busy.body.id]);
  });
});

describe('DELETE /api/availability/series/:seriesId', () => {
  it('deletes the slots not started and not booked, rejects their pending requests, and keeps the rest', async () => {
    api.setNow('2027-01-03T12:00:00.000Z');
    const series = await publish({ timeZone: 'UTC', from: '2027-01-04', until: '2027-01-25' });
    const [first, second, third, fourth] = series.body.items;
    api.setNow('2027-01-04T09:30:00.000Z');
    await api.approve((await api.request(second.id)).id);
    const waiting = await api.request(third.id);
    await api.del(`/api/availability/delete/${fourth.id}`, users.educator);
    expect((await api.del(`/api/availability/series/${series.body.seriesId}`, users.otherEducator)).status).toBe(404);
    const res = await api.del(`/api/availability/series/${series.body.seriesId}`, users.educator);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: 1, kept: 2 });
    const rejected = (await api.get('/api/session/my-requests', users.student)).body.items.find(
      (r: { id: string }) => r.id === waiting.id,
    );
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'The educator removed this time slot.' });
    const left = (await api.get(`/api/availability/educator/slots?from=${encodeURIComponent(at(-24 * 365))}`, users.educator))
      .body.items;
    expect(left.map((slot: { id: string }) => slot.id).sort()).toEqual([first.id, second.id].sort());
    expect((await api.del(`/api/availability/series/${series.body.seriesId}`, users.educator)).body).toEqual({
      deleted: 0,
      kept: 2,
    });
  });
  it('finds the slots it removed through the series, never by reading every slot ever made', async () => {
    const series = await publish({ timeZone: 'UTC' });
    const plans = await plansOf(api.db, () => api.del(`/api/availability/series/${series.body.seriesId}`, users.educator));
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.join('\n')).not.toMatch(/SCAN slots/);
  });
});

describe('instant slots', () => {
  it('are booked by the first request at once, with their link, which only the educator sees on the slot', async () => {
    const slot = await api.post('/api/availability/create', users.educator, {
      courseId: 'c-101',
      startsAt: at(24),
      endsAt: at(25),
      instant: true,
      meetingLink: 'https://meet.example.com/now',
    });
    expect(slot.body).toMatchObject({ instant: true, meetingLink: 'https://meet.example.com/now', seriesId: null });
    const listed = (await api.get('/api/availability/course/c-101', users.student)).body.items[0];
    expect(listed).toMatchObject({ instant: true });
    expect(listed).not.toHaveProperty('meetingLink');
    const booked = await api.post('/api/session/request', users.student, { slotId: slot.body.id });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'approved', meetingLink: 'https://meet.example.com/now', decidedAt: at(0) });
    const late = await api.post('/api/session/request', users.otherStudent, { slotId: slot.body.id });
    expect(late.body.code).toBe('slot_unavailable');
    const without = await api.post('/api/availability/create', users.educator, {
      courseId: 'c-101',
      startsAt: at(30),
      endsAt: at(31),
      instant: true,
    });
    expect(without.status).toBe(400);
    expect(without.body.errors[0].path).toBe('meetingLink');
  });
});
