// Reports (SPEC §15): a course's sessions as CSV, read back with csv-parse, and its statistics, for its educators alone.
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionRequests, slots } from '../src/db/schema.ts';
import { CSV_PAGE_ROWS, sessionsPage } from '../src/domain/reports/sessions-csv.ts';
import { STATS_CHUNK_ROWS, statsQueries } from '../src/domain/reports/stats.ts';
import { reportWindow } from '../src/domain/reports/window.ts';
import { at, HOUR, NOW, setup, type TestApi, type TestUser, tokenFor, users } from './helpers.ts';

const HEADER =
  'id,startsAt,endsAt,status,attended,studentId,studentName,educatorId,educatorName,message,rejectionReason,cancellationReason,createdAt,decidedAt';
const DAY = 24;
const csvPath = '/api/courses/c-101/sessions.csv';
const statsPath = '/api/courses/c-101/stats';
const q = (from: string, to?: string) => `?from=${encodeURIComponent(from)}${to ? `&to=${encodeURIComponent(to)}` : ''}`;

/** The records of a CSV, header first, as csv-parse reads them with CRLF as the only record end. */
const recordsOf = (text: string): string[][] => parse(text, { record_delimiter: '\r\n' });
/** The rows of a CSV keyed by its header. */
const rowsOf = (text: string): Record<string, string>[] => parse(text, { columns: true, record_delimiter: '\r\n' });

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

type Stored = Partial<typeof sessionRequests.$inferInsert> & { id: string; startsAt: string };

/** Requests stored as given, each on a slot of its own: times and values the API would not let a test make. */
async function store(...requests: Stored[]) {
  for (const request of requests) {
    const row = {
      slotId: `slot-${request.id}`,
      courseId: 'c-101',
      educatorId: 'ed-1',
      educatorName: 'Grace Hopper',
      studentId: 'st-1',
      studentName: 'Ada Lovelace',
      endsAt: new Date(Date.parse(request.startsAt) + HOUR).toISOString(),
      status: 'pending' as const,
      createdAt: at(-1),
      updatedAt: at(-1),
      op: 'seed',
      ...request,
    };
    const { courseId, educatorId, startsAt, endsAt, createdAt, updatedAt, op } = row;
    await api.db.insert(slots).values({ id: row.slotId, courseId, educatorId, startsAt, endsAt, createdAt, updatedAt, op });
    await api.db.insert(sessionRequests).values(row);
  }
}

/** `count` requests of one slot (stored as `first`, at NOW + 1 h) by as many students, seven to each start from NOW + 24 h. */
async function storeMany(count: number) {
  await store({ id: 'first', startsAt: at(1) });
  // Ids run against the start order, so that ties crossing a page boundary are broken by id.
  await api.db.run(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${count - 1})
    INSERT INTO session_requests (id, slot_id, course_id, educator_id, student_id, starts_at, ends_at, status, created_at, updated_at, op)
    SELECT printf('r-%05d', ${count} - i), 'slot-first', 'c-101', 'ed-1', 'learner-' || i,
      strftime('%Y-%m-%dT%H:%M:%fZ', '${at(24)}', '+' || (i / 7) || ' minutes'),
      strftime('%Y-%m-%dT%H:%M:%fZ', '${at(25)}', '+' || (i / 7) || ' minutes'), 'pending', '${at(0)}', '${at(0)}', 'seed' FROM n`);
}

/** Moves the clock to `hours` after NOW. */
const clockAt = (hours: number) => api.setNow(at(hours));

/**
 * Seven requests made at NOW, decided 1, 2, 4, 5 and 10 hours later, read at NOW + 35 h: two completed (one attended,
 * one missed), one rejected, one expired, one cancelled, one approved ahead, one pending with another educator.
 */
async function aWeekOfSessions() {
  const slot = await Promise.all([24, 26, 28, 30, 32, 200].map((hours) => api.slot(hours)));
  const other = await api.slot(40, 1, users.otherEducator);
  const message = 'Could we go over "exercise 3", please?\nThanks';
  const [completed, rejected, expired, cancelled, missed, ahead] = [
    await api.request(slot[0].id, users.student, message),
    await api.request(slot[1].id),
    await api.request(slot[2].id),
    await api.request(slot[3].id),
    await api.request(slot[4].id, users.otherStudent),
    await api.request(slot[5].id),
  ];
  const pending = await api.request(other.id, users.otherStudent);
  const decide = async (hours: number, path: string, body: object) => {
    clockAt(hours);
    expect((await api.put(path, users.educator, body)).status).toBe(200);
  };
  const link = { meetingLink: 'https://meet.example.com/abc' };
  await decide(1, `/api/session/approve/${completed.id}`, link);
  await decide(2, `/api/session/reject/${rejected.id}`, { reason: 'Away that day, sorry' });
  await decide(4, `/api/session/approve/${cancelled.id}`, link);
  await decide(5, `/api/session/approve/${missed.id}`, link);
  await decide(10, `/api/session/approve/${ahead.id}`, link);
  clockAt(11);
  expect((await api.put(`/api/session/cancel/${cancelled.id}`, users.student, { reason: '-ill' })).status).toBe(200);
  clockAt(35);
  for (const [request, attended] of [
    [completed, true],
    [missed, false],
  ] as const) {
    expect((await api.put(`/api/session/attendance/${request.id}`, users.educator, { attended })).status).toBe(200);
  }
  return { completed, rejected, expired, cancelled, missed, ahead, pending, message };
}

describe('GET /api/courses/:courseId/sessions.csv', () => {
  it('answers a CSV attachment named after the course and the day, with the exact header row, also when empty', async () => {
    const res = await api.get(csvPath, users.educator);
    const day = api.now().toISOString().slice(0, 10);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="sessions-c-101-${day}.csv"`);
    expect(res.body).toBe(`${HEADER}\r\n`);
    const odd = { sub: 'ed-3', courses: [{ id: 'moodle:42/"x"; y', role: 'educator' as const }] };
    const named = await api.get(`/api/courses/${encodeURIComponent('moodle:42/"x"; y')}/sessions.csv`, odd);
    expect(named.headers.get('Content-Disposition')).toBe(`attachment; filename="sessions-moodle-42-x-y-${day}.csv"`);
  });

  it('lists every request as the API reports it: completed, expired, cancelled, attendance and all', async () => {
    const made = await aWeekOfSessions();
    const res = await api.get(csvPath, users.educator);
    const rows = rowsOf(res.body);
    expect(rows.map((row) => row.id)).toEqual(
      ['completed', 'rejected', 'expired', 'cancelled', 'missed', 'pending', 'ahead']
        .map((name) => made[name as keyof typeof made] as { id: string })
        .map((request) => request.id),
    );
    expect(rows.map((row) => [row.status, row.attended])).toEqual([
      ['completed', 'true'],
      ['rejected', ''],
      ['rejected', ''],
      ['cancelled', ''],
      ['completed', 'false'],
      ['pending', ''],
      ['approved', ''],
    ]);
    // Each row says what the educator's list says of the request, field for field.
    const views = [
      ...(await api.get('/api/session/educator/requests', users.educator)).body.items,
      ...(await api.get('/api/session/educator/requests', users.otherEducator)).body.items,
    ];
    for (const row of rows) {
      const view = views.find((item) => item.id === row.id);
      const expected = Object.fromEntries(Object.keys(row).map((column) => [column, view[column] ?? '']));
      const cancellationReason = view.cancellationReason ? `'${view.cancellationReason}` : '';
      expect(row).toEqual({ ...expected, attended: String(view.attended ?? ''), cancellationReason });
    }
    expect(rows[2]).toMatchObject({ rejectionReason: 'Not approved before the session started.', decidedAt: rows[2].startsAt });
    expect(rows[0]).toMatchObject({ studentName: 'Ada Lovelace', educatorName: 'Grace Hopper', message: made.message });
    expect(res.body).toContain(',"Could we go over ""exercise 3"", please?\nThanks",');
  });

  it('quotes commas, quotes and line breaks, and starts a would-be formula with an apostrophe', async () => {
    const messages = [
      'a,b',
      'say "hi"',
      'line\r\nbreak',
      'bare\nfeed',
      'mid=dle-',
      '=1+1',
      '+1',
      '-1',
      '@SUM(A1)',
      '\tTab',
      '\rReturn',
    ];
    await store(...messages.map((message, n) => ({ id: `r${n}`, startsAt: at(24 + n), message })));
    await store({ id: 'r99', startsAt: at(99), studentName: '=HYPERLINK("https://evil.example","click")', studentId: '-st' });
    const text = (await api.get(csvPath, users.educator)).body as string;
    const rows = rowsOf(text);
    expect(rows.map((row) => row.message)).toEqual([
      'a,b',
      'say "hi"',
      'line\r\nbreak',
      'bare\nfeed',
      'mid=dle-',
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tTab",
      "'\rReturn",
      '',
    ]);
    expect(rows[11]).toMatchObject({ studentName: `'=HYPERLINK("https://evil.example","click")`, studentId: "'-st" });
    expect(text).toContain(`,"'=HYPERLINK(""https://evil.example"",""click"")",`);
    expect(text).toContain(',"line\r\nbreak",');
    // Every record has the header's 14 fields, and only CRLF ends one.
    expect(new Set(recordsOf(text).map((record) => record.length))).toEqual(new Set([14]));
    expect(text.replace(/"(?:[^"]|"")*"/g, '').replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('covers 365 days back to 366 ahead by default: sessions overlapping the window, by start then id', async () => {
    const from = NOW.getTime() - 365 * DAY * HOUR;
    const to = NOW.getTime() + 366 * DAY * HOUR;
    const iso = (ms: number) => new Date(ms).toISOString();
    await store(
      { id: 'far-ahead', startsAt: iso(to - HOUR / 2) },
      { id: 'starts-at-to', startsAt: iso(to) },
      { id: 'tie-b', startsAt: at(10) },
      { id: 'tie-a', startsAt: at(10) },
      { id: 'other-course', startsAt: at(10), courseId: 'c-202' },
      { id: 'ends-at-from', startsAt: iso(from - HOUR), endsAt: iso(from) },
      { id: 'over-from', startsAt: iso(from - HOUR / 2), endsAt: iso(from + HOUR / 2) },
      { id: 'long-ago', startsAt: at(-400 * DAY) },
    );
    const ids = async (query = '') => rowsOf((await api.get(`${csvPath}${query}`, users.educator)).body).map((row) => row.id);
    expect(await ids()).toEqual(['over-from', 'tie-a', 'tie-b', 'far-ahead']);
    expect(await ids(q(at(9.5), at(10.5)))).toEqual(['tie-a', 'tie-b']);
    expect(await ids(q(at(10.5), at(11)))).toEqual(['tie-a', 'tie-b']);
    expect(await ids(q(at(11), at(12)))).toEqual([]);
    expect(await ids(q(at(-800 * DAY), at(-70 * DAY)))).toEqual(['long-ago', 'ends-at-from', 'over-from']);
  });

  it('reads a page at a time as the client reads, in order across pages, and stops reading when the client leaves', async () => {
    const count = Math.floor(CSV_PAGE_ROWS * 2.5);
    await storeMany(count);
    const expected = ['first'].concat(
      Array.from({ length: count }, (_, i) => ({ start: Math.floor(i / 7), id: `r-${String(count - i).padStart(5, '0')}` }))
        .sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1))
        .map((row) => row.id),
    );
    expect(rowsOf((await api.get(csvPath, users.educator)).body).map((row) => row.id)).toEqual(expected);

    const execute = vi.spyOn(api.db.$client, 'execute');
    const pagesRead = () =>
      execute.mock.calls.filter(([statement]) => /from "session_requests".* limit \?$/.test(String(Object(statement).sql)))
        .length;
    const leaving = new AbortController();
    // The test holds the request: the signal a Request derives from its init follows that one only while it lives.
    const request = new Request(`http://localhost${csvPath}`, {
      headers: { Authorization: `Bearer ${await tokenFor(users.educator, api.now())}` },
      signal: leaving.signal,
    });
    const res = await api.app.request(request);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.split('\r\n')[1]).toMatch(new RegExp(`^${expected[0]},`));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    // The page handed over, and at most one read ahead: a client that stops reading stops the reading.
    expect(pagesRead()).toBeLessThanOrEqual(2);
    leaving.abort();
    await expect(
      (async () => {
        while (!(await reader.read()).done);
      })(),
    ).rejects.toThrow();
    expect(request.signal.aborted).toBe(true);
    expect(pagesRead()).toBeLessThanOrEqual(2);
    execute.mockRestore();
  });
});

describe('GET /api/courses/:courseId/stats', () => {
  it('counts a known set of requests: statuses, attendance, the median time to a decision, by educator', async () => {
    await aWeekOfSessions();
    const res = await api.get(statsPath, users.educator);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      requested: 7,
      approved: 3,
      rejected: 2,
      expired: 1,
      cancelled: 1,
      completed: 2,
      attended: 1,
      missed: 1,
      attendanceRate: 0.5,
      // Decided after 1, 2, 4, 5 and 10 hours.
      medianHoursToDecision: 4,
      byEducator: [
        { educatorId: 'ed-2', educatorName: 'Alan Turing', approved: 0, attended: 0 },
        { educatorId: 'ed-1', educatorName: 'Grace Hopper', approved: 3, attended: 1 },
      ],
    });
    // Without the session 200 hours ahead: an even count of decisions takes the mean of the middle two.
    const earlier = await api.get(`${statsPath}${q(at(-DAY), at(100))}`, users.otherEducator);
    expect(earlier.body).toMatchObject({ requested: 6, approved: 2, medianHoursToDecision: 3, attendanceRate: 0.5 });
  });

  it('counts a window of many chunks, ties across their ends included, a chunk at a time', async () => {
    const count = STATS_CHUNK_ROWS * 2 + 3;
    await storeMany(count);
    clockAt(2);
    const execute = vi.spyOn(api.db.$client, 'execute');
    const res = await api.get(statsPath, users.educator);
    expect(res.body).toMatchObject({ requested: count + 1, rejected: 1, expired: 1, approved: 0, medianHoursToDecision: null });
    // Named as in their latest session, which had no name.
    expect(res.body.byEducator).toEqual([{ educatorId: 'ed-1', educatorName: null, approved: 0, attended: 0 }]);
    // Three chunks, each its end found and then counted.
    expect(execute.mock.calls.filter(([statement]) => /group by/.test(String(Object(statement).sql)))).toHaveLength(3);
    execute.mockRestore();
  });

  it('finds the exact median time to a decision over many chunks, never sorting the window', async () => {
    const count = STATS_CHUNK_ROWS * 2 + 4;
    // Delays from milliseconds to half a day, ties among them, and a few of days; the middle two differ.
    const delayOf = (i: number) => (i % 5 === 0 ? 3 * 86_400_000 + i : ((i * 7919) % 50_021) * 1000 + (i % 997));
    await store({ id: 'first', startsAt: at(1) });
    await api.db.run(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${count - 1})
      INSERT INTO session_requests (id, slot_id, course_id, educator_id, student_id, starts_at, ends_at, status, created_at,
        updated_at, decided_at, op)
      SELECT printf('r-%05d', i), 'slot-first', 'c-101', 'ed-1', 'learner-' || i,
        strftime('%Y-%m-%dT%H:%M:%fZ', '${at(24)}', '+' || (i / 7) || ' minutes'),
        strftime('%Y-%m-%dT%H:%M:%fZ', '${at(25)}', '+' || (i / 7) || ' minutes'), 'rejected', '${at(0)}', '${at(0)}',
        strftime('%Y-%m-%dT%H:%M:%fZ', '${at(0)}', '+' || (CASE WHEN i % 5 = 0 THEN 259200000 + i
          ELSE (i * 7919) % 50021 * 1000 + i % 997 END / 1000.0) || ' seconds'), 'seed' FROM n`);
    const sorted = Array.from({ length: count }, (_, i) => delayOf(i)).sort((a, b) => a - b);
    const median = (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    expect(sorted[count / 2 - 1]).not.toBe(sorted[count / 2]);
    const execute = vi.spyOn(api.db.$client, 'execute');
    const res = await api.get(statsPath, users.educator);
    expect(res.body).toMatchObject({ requested: count + 1, rejected: count });
    expect(res.body.medianHoursToDecision * 3_600_000).toBeCloseTo(median, 3);
    const statements = execute.mock.calls.map(([statement]) => String(Object(statement).sql));
    expect(statements.filter((statement) => /order by round/i.test(statement))).toEqual([]);
    execute.mockRestore();
  });

  it('gives zeros and nulls when nothing is recorded or decided', async () => {
    const empty = await api.get(statsPath, users.educator);
    expect(empty.body).toEqual({
      requested: 0,
      approved: 0,
      rejected: 0,
      expired: 0,
      cancelled: 0,
      completed: 0,
      attended: 0,
      missed: 0,
      attendanceRate: null,
      medianHoursToDecision: null,
      byEducator: [],
    });
    await store(
      { id: 'waiting', startsAt: at(24), educatorName: null },
      { id: 'elsewhere', startsAt: at(24), courseId: 'c-202' },
    );
    expect((await api.get(statsPath, users.educator)).body).toMatchObject({
      requested: 1,
      attendanceRate: null,
      medianHoursToDecision: null,
      byEducator: [{ educatorId: 'ed-1', educatorName: null, approved: 0, attended: 0 }],
    });
  });

  it('counts from the report index alone, and the CSV reads a range of it in its order', async () => {
    await aWeekOfSessions();
    const planOf = async (query: { toSQL(): { sql: string; params: unknown[] } }) => {
      const { sql, params } = query.toSQL();
      const plan = await api.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as never });
      return plan.rows.map((row) => String(row.detail));
    };
    const window = reportWindow({}, api.now());
    const queries = statsQueries(api.db, 'c-101', window, api.now().toISOString());
    const [key, later] = [
      { key: at(24), id: 'x' },
      { key: at(48), id: 'y' },
    ];
    const range = (lower: string, upper: string) =>
      new RegExp(
        `^SEARCH session_requests USING COVERING INDEX requests_course_report \\(course_id=\\? AND ${lower} AND ${upper}\\)$`,
      );
    const [start, end] = ['starts_at>\\?', 'starts_at<\\?'];
    const [afterKey, throughKey] = ['\\(starts_at,id\\)>\\(\\?,\\?\\)', '\\(starts_at,id\\)<\\(\\?,\\?\\)'];
    for (const [query, plan] of [
      [queries.counts(), range(start, end)],
      [queries.counts(key, later), range(afterKey, throughKey)],
      [queries.counts(undefined, later), range(start, throughKey)],
      [queries.chunkEnd(key), range(afterKey, end)],
      [queries.delayCounts(undefined, undefined, 0, 3_600_000), range(start, end)],
      [queries.delayCounts(key, later, 7_200_000, 1000, 3_600_000), range(afterKey, throughKey)],
    ] as const) {
      const steps = await planOf(query);
      expect(steps[0]).toMatch(plan);
      expect(steps.filter((step) => /^SCAN/.test(step))).toEqual([]);
    }
    const page = await planOf(sessionsPage(api.db, 'c-101', window, api.now().toISOString(), { key: at(24), id: 'x' }));
    expect(page).toEqual([
      expect.stringMatching(
        /^SEARCH session_requests USING INDEX requests_course_report \(course_id=\? AND \(starts_at,id\)>\(\?,\?\) AND starts_at<\?\)$/,
      ),
    ]);
  });
});

describe('who may read the reports, and for which window', () => {
  it('streams at most two exports of one user at once, and frees a place when one ends or its client leaves', async () => {
    await storeMany(CSV_PAGE_ROWS + 1);
    const open = async (user: TestUser) =>
      api.app.request(csvPath, { headers: { Authorization: `Bearer ${await tokenFor(user, api.now())}` } });
    const [first, second] = [await open(users.educator), await open(users.educator)];
    const third = await open(users.educator);
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ code: 'rate_limited' });
    expect((await open(users.otherEducator)).status).toBe(200);
    await first.body?.cancel();
    expect(rowsOf(await second.text())).toHaveLength(CSV_PAGE_ROWS + 2);
    const [again, andAgain] = [await open(users.educator), await open(users.educator)];
    expect([again.status, andAgain.status]).toEqual([200, 200]);
  });

  const educatorElsewhere: TestUser = { sub: 'ed-9', name: 'Barbara Liskov', courses: [{ id: 'c-999', role: 'educator' }] };
  const learnerToo: TestUser = {
    sub: 'st-7',
    courses: [
      { id: 'c-101', role: 'student' },
      { id: 'c-999', role: 'educator' },
    ],
  };

  it.each([csvPath, statsPath])('%s is refused to learners, outsiders and educators of other courses', async (path) => {
    await store({ id: 'kept', startsAt: at(24) });
    expect((await api.get(path)).status).toBe(401);
    for (const user of [users.student, users.stranger, educatorElsewhere, learnerToo]) {
      const res = await api.get(path, user);
      expect(res.status, user.sub).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    expect((await api.get(path, users.otherEducator)).status).toBe(200);
  });

  it.each([csvPath, statsPath])('%s refuses a window that is empty, longer than 731 days or malformed', async (path) => {
    const refused: [string, string][] = [
      [q(at(10), at(5)), 'to'],
      [q(at(10), at(10)), 'to'],
      [q(at(800 * DAY)), 'from'],
      [q(at(-400 * DAY)), 'from'],
      [q(at(0), at(732 * DAY)), 'to'],
      ['?from=2026-12-01T09:00:00', 'from'],
      ['?from=yesterday', 'from'],
      ['?limit=5', ''],
    ];
    for (const [query, field] of refused) {
      const res = await api.get(`${path}${query}`, users.educator);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      if (field) expect(res.body.errors[0].path, query).toBe(field);
    }
    // A learner with a malformed window hears of the window first (400 before 403).
    expect((await api.get(`${path}?from=yesterday`, users.student)).status).toBe(400);
    expect((await api.get(`${path}${q(at(0), at(731 * DAY))}`, users.educator)).status).toBe(200);
  });
});
