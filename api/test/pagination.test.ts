// Pagination (SPEC §6): every list pages with `limit` and an opaque cursor in a stable order, never skips
// or repeats an item while items are added between pages, and reads each page straight from an index.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { at, NOW, setup, student, type TestApi, type TestUser, users } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

/** Follows `nextCursor` to the end; `between` runs after each page. */
async function allPages(path: string, user: TestUser, limit: number, between: (page: number) => Promise<void> = async () => {}) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const res = await api.get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, user);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    pages.push(res.body.items.map((item: { id: string }) => item.id));
    cursor = res.body.nextCursor;
    await between(pages.length);
  } while (cursor && pages.length < 50);
  return pages;
}

describe('every list', () => {
  const lists = [
    ['/api/availability/educator/slots', users.educator],
    ['/api/availability/course/c-101', users.student],
    ['/api/session/my-requests', users.student],
    ['/api/session/educator/requests', users.educator],
  ] as const;

  it.each(lists)('%s answers { items, nextCursor } and refuses a limit or cursor it did not make', async (path, user) => {
    expect((await api.get(path, user)).body).toEqual({ items: [], nextCursor: null });
    for (const query of ['limit=0', 'limit=201', 'limit=ten', 'limit=1.5', 'cursor=abc', `cursor=${btoa('[1,2]')}`]) {
      const res = await api.get(`${path}?${query}`, user);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors[0].path).toBe(query.split('=')[0]);
    }
  });

  it('gives 50 items by default and at most 200', async () => {
    await api.db.run(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
      INSERT INTO slots (id, course_id, educator_id, starts_at, ends_at, created_at, updated_at, op)
      SELECT printf('s-%03d', i), 'c-101', 'ed-1', strftime('%Y-%m-%dT%H:%M:%fZ', '${NOW.toISOString()}', '+' || i || ' hours'),
        strftime('%Y-%m-%dT%H:%M:%fZ', '${NOW.toISOString()}', '+' || i || ' hours', '+30 minutes'), '${at(0)}', '${at(0)}', 'seed' FROM n`);
    const first = await api.get('/api/availability/course/c-101', users.student);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0].id).toBe('s-001');
    const most = await api.get('/api/availability/educator/slots?limit=200', users.educator);
    expect(most.body.items).toHaveLength(200);
    const rest = await api.get(`/api/availability/educator/slots?limit=200&cursor=${most.body.nextCursor}`, users.educator);
    expect(rest.body.items.map((slot: { id: string }) => slot.id)).toEqual(Array.from({ length: 50 }, (_, n) => `s-${201 + n}`));
    expect(rest.body.nextCursor).toBeNull();
  });
});

describe('pages', () => {
  it('never skip or repeat an item while items are added between pages', async () => {
    const original = [];
    for (let hours = 20; hours < 34; hours += 2) original.push((await api.slot(hours)).id);
    const addedLater: string[] = [];
    const pages = await allPages('/api/availability/course/c-101', users.student, 3, async () => {
      // One slot before everything read so far and one after: neither may disturb the pages.
      await api.slot(2 + addedLater.length * 2, 1);
      addedLater.push((await api.slot(60 + addedLater.length * 2, 1)).id);
    });
    // The slot added after the last page came too late to be read.
    expect(pages.flat()).toEqual([...original, ...addedLater.slice(0, -1)]);
  });

  it('break ties by id, so requests for one slot page in a stable order', async () => {
    const slot = await api.slot(24);
    const ids = [];
    for (let n = 0; n < 7; n++) ids.push((await api.request(slot.id, student(n))).id);
    const pages = await allPages('/api/session/educator/requests', users.educator, 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat()).toEqual([...ids].sort());
  });

  it("list a student's requests newest first across pages", async () => {
    const ids = [];
    for (let n = 0; n < 5; n++) {
      api.setNow(at(n / 10));
      ids.push((await api.request((await api.slot(24 + n)).id)).id);
    }
    expect((await allPages('/api/session/my-requests', users.student, 2)).flat()).toEqual(ids.reverse());
  });
});

describe('status filters and windows', () => {
  it('page through the rejected requests, the expired pending ones among them in start order', async () => {
    const soon = [await api.slot(1), await api.slot(3), await api.slot(5)];
    const later = [await api.slot(24), await api.slot(26)];
    const expiring = await Promise.all(soon.map((slot) => api.request(slot.id)));
    const declined = [];
    for (const slot of later) {
      const request = await api.request(slot.id);
      await api.put(`/api/session/reject/${request.id}`, users.educator, { reason: 'Away' });
      declined.push(request.id);
    }
    api.setNow(at(6));
    const pages = await allPages('/api/session/educator/requests?status=rejected', users.educator, 2);
    expect(pages.flat()).toEqual([...expiring.map((request) => request.id), ...declined]);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const pending = await api.get('/api/session/my-requests?status=pending', users.student);
    expect(pending.body.items).toEqual([]);
  });

  it('keep completed and approved sessions apart at the moment one ends', async () => {
    const [first, second] = [await api.slot(1), await api.slot(3)];
    for (const slot of [first, second]) await api.approve((await api.request(slot.id)).id);
    api.setNow(at(2));
    const approved = await api.get('/api/session/educator/requests?status=approved', users.educator);
    const completed = await api.get('/api/session/educator/requests?status=completed', users.educator);
    expect(approved.body.items.map((r: { slotId: string }) => r.slotId)).toEqual([second.id]);
    expect(completed.body.items.map((r: { slotId: string }) => r.slotId)).toEqual([first.id]);
  });

  it("list an educator's past requests latest first across pages with order=desc, none skipped or repeated", async () => {
    const slots = [];
    for (const hours of [10, 20, 30, 40, 50]) slots.push(await api.slot(hours, 1));
    for (const slot of slots) await api.request(slot.id);
    const to = encodeURIComponent(at(45));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { slotId: string }[]; nextCursor: string | null } } = await api.get(
        `/api/session/educator/requests?to=${to}&order=desc&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        users.educator,
      );
      seen.push(...page.body.items.map((item) => item.slotId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([slots[3].id, slots[2].id, slots[1].id, slots[0].id]);
    expect((await api.get('/api/session/educator/requests?order=sideways', users.educator)).status).toBe(400);
  });

  it("keep an educator's requests to the sessions overlapping from and to", async () => {
    const slots = [await api.slot(10, 2), await api.slot(20, 2), await api.slot(30, 2)];
    for (const slot of slots) await api.request(slot.id);
    const query = `from=${encodeURIComponent(at(11))}&to=${encodeURIComponent(at(30))}`;
    const res = await api.get(`/api/session/educator/requests?${query}`, users.educator);
    expect(res.body.items.map((r: { slotId: string }) => r.slotId)).toEqual([slots[0].id, slots[1].id]);
    const backwards = await api.get(
      `/api/session/educator/requests?from=${encodeURIComponent(at(30))}&to=${encodeURIComponent(at(11))}`,
      users.educator,
    );
    expect(backwards.status).toBe(400);
  });
});

describe('how a page is read', () => {
  /** The plans of the statements `list` runs: each must walk an index in the list's order. */
  async function plansOf(list: () => Promise<unknown>) {
    const execute = vi.spyOn(api.db.$client, 'execute');
    await list();
    const statements = execute.mock.calls.map(([statement]) => statement as unknown as { sql: string; args: unknown[] });
    execute.mockRestore();
    const plans = [];
    for (const { sql, args } of statements) {
      const rows = await api.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never });
      plans.push(rows.rows.map((row) => String(row.detail)).join(' | '));
    }
    return plans;
  }

  const queries = [
    ['/api/availability/educator/slots', users.educator],
    ['/api/availability/educator/slots?courseId=c-101', users.educator],
    ['/api/availability/course/c-101', users.student],
    ['/api/session/my-requests', users.student],
    ['/api/session/my-requests?status=cancelled', users.student],
    ['/api/session/educator/requests', users.educator],
    ['/api/session/educator/requests?courseId=c-101', users.educator],
    ...['pending', 'approved', 'completed', 'rejected', 'cancelled'].flatMap((status) => [
      [`/api/session/educator/requests?status=${status}`, users.educator],
      [`/api/session/educator/requests?courseId=c-101&status=${status}`, users.educator],
      [`/api/session/educator/requests?order=desc&status=${status}`, users.educator],
    ]),
    ['/api/session/educator/requests?order=desc&to=2026-12-06T00:00:00.000Z', users.educator],
    ['/api/session/educator/requests?order=desc&courseId=c-101', users.educator],
  ] as [string, TestUser][];

  it.each(queries)('%s reads its page from an index, in order, with no sort and no table scan', async (path, user) => {
    const slot = await api.slot(24);
    await api.request(slot.id);
    const cursor = btoa('["2026-12-02T00:00:00.000Z","x"]');
    const plans = await plansOf(() => api.get(`${path}${path.includes('?') ? '&' : '?'}cursor=${cursor}`, user));
    const listing = plans.filter(
      (plan) => /slots|session_requests/.test(plan) && !/CORRELATED|SCALAR/.test(plan.split(' | ')[0]),
    );
    expect(listing.length).toBeGreaterThan(0);
    if (process.env.SHOW_PLANS) console.log(path, listing);
    for (const plan of listing) {
      expect(plan).toMatch(/^SEARCH \w+ USING (COVERING )?INDEX/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });
});
