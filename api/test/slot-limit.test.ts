// The slot limit (SPEC §18): an educator holds at most MAX_LIVE_SLOTS_PER_EDUCATOR live slots that have not
// started; a create or a series beyond it is 409 slot_limit, checked before slot_overlap, a series refused whole.
import { beforeEach, describe, expect, it } from 'vitest';
import { at, HOUR, NOW, setup, type TestApi, users } from './helpers.ts';
import { plansOf } from './plans.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup({ config: { maxLiveSlotsPerEducator: 4 } });
});

const create = (startHours: number, who = users.educator) =>
  api.post('/api/availability/create', who, { courseId: 'c-101', startsAt: at(startHours), endsAt: at(startHours + 1) });

/** Mondays to Fridays of the week of 4 January 2027, one slot a day at 09:00 UTC, or `days` of them. */
const week = (days = 5, startTime = '09:00') => ({
  courseId: 'c-101',
  timeZone: 'UTC',
  from: '2027-01-04',
  until: `2027-01-0${3 + days}`,
  weekdays: [1, 2, 3, 4, 5],
  startTime,
  endTime: `${Number(startTime.slice(0, 2)) + 1}:00`.padStart(5, '0'),
  slotMinutes: 60,
});

const liveSlots = async () => {
  const rows = await api.db.$client.execute('SELECT count(*) AS n FROM slots WHERE deleted_at IS NULL');
  return Number(rows.rows[0].n);
};

describe('the slot limit', () => {
  it('refuses a slot beyond the limit; started and deleted slots, and other educators’ slots, do not count', async () => {
    for (const hours of [24, 48, 72, 96]) expect((await create(hours)).status).toBe(201);
    const refused = await create(120);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('slot_limit');
    expect((await create(120, users.otherEducator)).status).toBe(201);
    const mine = await api.get('/api/availability/educator/slots', users.educator);
    expect((await api.del(`/api/availability/delete/${mine.body.items[3].id}`, users.educator)).status).toBe(204);
    expect((await create(120)).status).toBe(201);
    expect((await create(144)).body.code).toBe('slot_limit');
    api.setNow(new Date(NOW.getTime() + 24.5 * HOUR));
    expect((await create(144)).status).toBe(201);
  });

  it('is checked before an overlap', async () => {
    for (const hours of [24, 48, 72, 96]) await create(hours);
    const res = await create(24);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('slot_limit');
  });

  it('refuses a series that would cross it, whole, and publishes one that fits', async () => {
    await create(24);
    await create(48);
    const crossing = await api.post('/api/availability/series', users.educator, week(3));
    expect(crossing.status).toBe(409);
    expect(crossing.body.code).toBe('slot_limit');
    expect(await liveSlots()).toBe(2);
    expect((await api.post('/api/availability/series', users.educator, week(2))).status).toBe(201);
    expect(await liveSlots()).toBe(4);
    const overlapping = await api.post('/api/availability/series', users.educator, week(1));
    expect(overlapping.body.code).toBe('slot_limit');
  });

  it('counts and checks overlaps on bounded ranges of the educator’s index, never their whole history', async () => {
    const plans = await plansOf(api.db, async () => {
      await create(24);
      await api.post('/api/availability/series', users.educator, week(2, '13:00'));
    });
    const reads = plans.flatMap((plan) => plan.split(' | ')).filter((step) => /slots_educator/.test(step));
    if (process.env.SHOW_PLANS) console.log(reads);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read).toMatch(/^SEARCH \w+ USING (COVERING )?INDEX slots_educator_start_end \(educator_id=\? AND starts_at>\?/);
    }
    expect(plans.join('\n')).not.toMatch(/SCAN slots/);
  });
});
