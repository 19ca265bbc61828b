// Test harness: a fresh migrated database per test, a clock the test sets, and signed tokens.

import { sign } from 'hono/jwt';
import { type AppOptions, createApp } from '../src/app.ts';
import type { AppConfig } from '../src/config.ts';
import { type Database, migrateDatabase, openDatabase } from '../src/db/client.ts';
import type { PolicyRules } from '../src/domain/policy.ts';
import { EventHub } from '../src/live/hub.ts';
import { responseProblem } from './openapi-responses.ts';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';

/** The tests' "now": Tuesday 1 December 2026, 09:00 UTC. */
export const NOW = new Date('2026-12-01T09:00:00.000Z');

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** An ISO time `hours` after NOW. */
export const at = (hours: number, base = NOW) => new Date(base.getTime() + hours * HOUR).toISOString();

export interface TestUser {
  sub: string;
  name?: string;
  courses: { id: string; role: 'student' | 'educator'; title?: string }[];
}

export const users = {
  educator: { sub: 'ed-1', name: 'Grace Hopper', courses: [{ id: 'c-101', role: 'educator', title: 'Intro to Algorithms' }] },
  otherEducator: { sub: 'ed-2', name: 'Alan Turing', courses: [{ id: 'c-101', role: 'educator', title: 'Intro to Algorithms' }] },
  student: { sub: 'st-1', name: 'Ada Lovelace', courses: [{ id: 'c-101', role: 'student', title: 'Intro to Algorithms' }] },
  otherStudent: { sub: 'st-2', name: 'Katherine Johnson', courses: [{ id: 'c-101', role: 'student' }] },
  stranger: { sub: 'st-9', name: 'Edsger Dijkstra', courses: [{ id: 'c-999', role: 'student' }] },
} satisfies Record<string, TestUser>;

export const student = (n: number): TestUser => ({
  sub: `st-${n + 100}`,
  name: `Student ${n}`,
  courses: [{ id: 'c-101', role: 'student' }],
});

/** Signs a token for `user`, valid for an hour around `now` unless claims say otherwise. */
export function tokenFor(user: TestUser, now = NOW, claims: Record<string, unknown> = {}, secret = SECRET): Promise<string> {
  const exp = Math.floor(now.getTime() / 1000) + 3600;
  return sign({ ...user, exp, ...claims }, secret, 'HS256');
}

/** The environment's defaults, as a deployment without settings has them. */
export const DEFAULT_POLICY: PolicyRules = {
  minNoticeMinutes: 0,
  maxDaysAhead: 366,
  cancelNoticeMinutes: 0,
  maxPendingPerStudent: 5,
  maxUpcomingPerStudent: null,
  attendanceGoal: 1,
};

export const testConfig = (overrides: Partial<AppConfig> = {}): AppConfig => ({
  authSecret: SECRET,
  allowedOrigins: [],
  policy: DEFAULT_POLICY,
  rateLimitPerMinute: 0,
  maxLiveSlotsPerEducator: 3000,
  ...overrides,
});

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
  body: any;
}

/** A running app over a fresh in-memory database, with a clock the test moves. */
export async function setup(
  options: {
    config?: Partial<AppConfig>;
    url?: string;
    db?: Database;
    now?: Date;
    hub?: EventHub;
    lti?: AppOptions['lti'];
    mailbox?: AppOptions['mailbox'];
    listings?: AppOptions['listings'];
  } = {},
) {
  const db = options.db ?? (await openDatabase(options.url ?? ':memory:'));
  if (!options.db) await migrateDatabase(db);
  let now = options.now ?? NOW;
  const base = now;
  const app = createApp({
    db,
    config: testConfig(options.config),
    clock: () => now,
    hub: options.hub,
    lti: options.lti,
    mailbox: options.mailbox,
    listings: options.listings,
  });

  async function call(
    method: string,
    path: string,
    user?: TestUser | string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const token = typeof user === 'string' ? user : user && (await tokenFor(user, now));
    const init: RequestInit = { method, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
    }
    const res = await app.request(path, init);
    const text = await res.text();
    const type = res.headers.get('Content-Type') ?? '';
    const answer = /json/.test(type) && text ? JSON.parse(text) : text;
    const problem = await responseProblem(app, [method, path, res.status, type, answer]);
    if (problem) throw new Error(`The response breaks the OpenAPI document: ${problem}`);
    return { status: res.status, headers: res.headers, body: answer } as Reply;
  }

  const api = {
    app,
    db,
    call,
    setNow(date: Date | string) {
      now = new Date(date);
    },
    now: () => now,
    get: (path: string, user?: TestUser | string) => call('GET', path, user),
    post: (path: string, user: TestUser | string | undefined, body?: unknown) => call('POST', path, user, body),
    put: (path: string, user: TestUser | string | undefined, body?: unknown) => call('PUT', path, user, body),
    del: (path: string, user?: TestUser | string) => call('DELETE', path, user),

    /** Publishes a slot as the educator, `startHours` from NOW, lasting an hour by default. */
    async slot(startHours = 24, hours = 1, educator: TestUser = users.educator, courseId = 'c-101') {
      const res = await call('POST', '/api/availability/create', educator, {
        courseId,
        startsAt: at(startHours, base),
        endsAt: at(startHours + hours, base),
      });
      if (res.status !== 201) throw new Error(`slot setup failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },

    /** Requests `slotId` as `who`. */
    async request(slotId: string, who: TestUser = users.student, message?: string) {
      const res = await call('POST', '/api/session/request', who, { slotId, ...(message ? { message } : {}) });
      if (res.status !== 201) throw new Error(`request setup failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },

    async approve(requestId: string, educator: TestUser = users.educator) {
      const res = await call('PUT', `/api/session/approve/${requestId}`, educator, {
        meetingLink: 'https://meet.example.com/abc',
      });
      if (res.status !== 200) throw new Error(`approve setup failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
  return api;
}

export type TestApi = Awaited<ReturnType<typeof setup>>;

/** A running app whose event hub the test can look into. */
export async function setupWithHub(): Promise<{ api: TestApi; hub: EventHub }> {
  const db = await openDatabase(':memory:');
  await migrateDatabase(db);
  const hub = new EventHub(db, DEFAULT_POLICY);
  return { api: await setup({ db, hub }), hub };
}

/** The number of rows in each table: what hostile input must never change. */
export async function tableCounts(db: Database) {
  const rows = await db.$client.execute(
    `SELECT (SELECT count(*) FROM slots) AS slots, (SELECT count(*) FROM session_requests) AS requests,
      (SELECT count(*) FROM outbox) AS events, (SELECT group_concat(updated_at) FROM slots) AS slotStamps,
      (SELECT group_concat(status || updated_at) FROM session_requests) AS requestStamps`,
  );
  return rows.rows[0];
}
