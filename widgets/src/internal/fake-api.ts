// Test support: a stand-in for the API behind `fetch`, recording every call, on a page whose clock, time zone
// and language are pinned so that no test depends on when or where it runs. Never bundled.

import type { CourseStats, Roster, RosterMember } from '@one-on-one/contract/resources';
import { actionsFor } from '@one-on-one/contract/rules';
import type { Party } from '@one-on-one/contract/vocabulary';
import type { CourseSlot, Notifications, SessionRequest, Slot, WaitlistEntry } from './api.ts';
import { pinClock } from './clock.ts';
import { configure } from './config.ts';
import type { LiveEvent } from './live.ts';

/** The tests' "now": Tuesday 4 March 2031, 09:00 in the pinned zone. */
export const TEST_NOW = Date.parse('2031-03-04T08:00:00.000Z');
/** The viewer's zone in tests: one hour ahead of UTC in March. */
export const TEST_ZONE = 'Europe/Berlin';

// Every test page that uses the stand-in runs at that time, in that zone and in English (the page's `lang`),
// wherever and whenever it runs and whatever the browser's language.
pinClock(() => TEST_NOW);
configure({ timeZone: TEST_ZONE });
document.documentElement.lang = 'en';

export interface Call {
  method: string;
  path: string;
  body: unknown;
  token: string | undefined;
  lastEventId: string | null;
}

type Reply = { status?: number; body?: unknown; code?: string; contentType?: string };
type Handler = (call: Call) => Reply | Promise<Reply>;
/** Routes are "METHOD /path" (query included when given); unknown ones answer 404. */
export type Routes = Record<string, Handler | Reply>;
export type FakeApi = ReturnType<typeof fakeApi>;

/** Answers `routes` in place of the API until `restore()`. */
export function fakeApi(routes: Routes) {
  const calls: Call[] = [];
  const original = window.fetch;
  window.fetch = async (input, init = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    // The live stream is always open and idle unless a test feeds it (see `liveStream`).
    if (url.pathname === '/api/events' && !routes['GET /api/events']) {
      return new Response(new ReadableStream(), { headers: { 'Content-Type': 'text/event-stream' } });
    }
    const call: Call = {
      method,
      path: url.pathname + url.search,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      token: new Headers(init.headers).get('Authorization')?.replace(/^Bearer /, ''),
      lastEventId: new Headers(init.headers).get('Last-Event-ID'),
    };
    calls.push(call);
    const route = routes[`${method} ${call.path}`] ?? routes[`${method} ${url.pathname}`];
    const reply = typeof route === 'function' ? await route(call) : (route ?? { status: 404, code: 'not_found' });
    const status = reply.status ?? 200;
    if (status >= 400) {
      const problem = {
        type: 'about:blank',
        title: 'Error',
        status,
        code: reply.code,
        detail: `Problem: ${reply.code}`,
        ...(reply.body as object),
      };
      return new Response(JSON.stringify(problem), { status, headers: { 'Content-Type': 'application/problem+json' } });
    }
    if (reply.body instanceof ReadableStream)
      return new Response(reply.body, { headers: { 'Content-Type': 'text/event-stream' } });
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
    return new Response(status === 204 ? null : body, {
      status,
      headers: { 'Content-Type': reply.contentType ?? 'application/json' },
    });
  };
  return {
    calls,
    /** The calls made with `method` to paths starting with `prefix`. */
    callsTo: (method: string, prefix: string) => calls.filter((c) => c.method === method && c.path.startsWith(prefix)),
    restore: () => {
      window.fetch = original;
    },
  };
}

/** A live event stream a test writes to: `send(type, data)` delivers one event, with the resource its type carries. */
export function liveStream() {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let id = 0;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    route: () => ({ body }),
    send<T extends LiveEvent['type']>(type: T, data: Extract<LiveEvent, { type: T }>['data']) {
      controller?.enqueue(new TextEncoder().encode(`id: ${++id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`));
    },
  };
}

const hour = 3_600_000;
/** An ISO time `hours` after the tests' now. */
export const inHours = (hours: number) => new Date(TEST_NOW + hours * hour).toISOString();

export const aSlot = (overrides: Partial<Slot> = {}): Slot => ({
  id: 'slot-1',
  courseId: 'c-101',
  courseTitle: 'Intro to Algorithms',
  educatorId: 'ed-1',
  educatorName: 'Grace Hopper',
  startsAt: inHours(24),
  endsAt: inHours(25),
  note: null,
  status: 'open',
  pendingCount: 0,
  seriesId: null,
  instant: false,
  meetingLink: null,
  createdAt: inHours(-1),
  updatedAt: inHours(-1),
  ...overrides,
});

export const aCourseSlot = (overrides: Partial<CourseSlot> = {}): CourseSlot => {
  const { pendingCount: _, meetingLink: __, ...slot } = aSlot();
  return { ...slot, requestedByMe: false, ...overrides };
};

/**
 * A request as the API returns it to its student (or, with `viewer`, to its educator) at the tests' now. As the
 * API does, it lists one still pending when its session has started as rejected, with the reason code `expired`.
 * Its `actions` come from the API's own rules, so the stand-in offers exactly what the API would.
 */
export const aRequest = (overrides: Partial<SessionRequest> = {}, viewer: Party = 'student'): SessionRequest => {
  const { actions: given, ...fields } = overrides;
  const built: Omit<SessionRequest, 'actions'> = {
    id: 'req-1',
    slotId: 'slot-1',
    courseId: 'c-101',
    courseTitle: 'Intro to Algorithms',
    educatorId: 'ed-1',
    educatorName: 'Grace Hopper',
    studentId: 'st-1',
    studentName: 'Ada Lovelace',
    startsAt: inHours(24),
    endsAt: inHours(25),
    message: 'I am stuck on heaps',
    status: 'pending',
    meetingLink: null,
    rejectionReason: null,
    cancellationReason: null,
    cancelledBy: null,
    createdAt: inHours(-1),
    updatedAt: inHours(-1),
    decidedAt: null,
    attended: null,
    replaces: null,
    replacedBy: null,
    reasonCode: null,
    gradeSync: null,
    ...fields,
  };
  const expired = built.status === 'pending' && Date.parse(built.startsAt) <= TEST_NOW;
  const request: Omit<SessionRequest, 'actions'> = expired
    ? {
        ...built,
        status: 'rejected',
        rejectionReason: 'Not approved before the session started.',
        decidedAt: built.startsAt,
        reasonCode: 'expired',
      }
    : built;
  const actions =
    given ??
    actionsFor(request, viewer === 'student' ? request.studentId : request.educatorId, new Date(TEST_NOW).toISOString(), {
      cancelNoticeMinutes: 0,
    });
  return { ...request, actions };
};

export const educatorMe = {
  id: 'ed-1',
  name: 'Grace Hopper',
  courses: [
    { id: 'c-101', role: 'educator', title: 'Intro to Algorithms' },
    { id: 'c-200', role: 'educator', title: 'Discrete Mathematics' },
    { id: 'c-300', role: 'student', title: 'Linear Algebra' },
  ],
};

/** The stand-in's email setting of the caller, kept as the API keeps it: GET gives it, PUT sets it (SPEC 14). */
export function notificationRoutes(email = true): Routes {
  const setting: Notifications = { email };
  return {
    'GET /api/me/notifications': () => ({ body: setting }),
    'PUT /api/me/notifications': (call) => {
      setting.email = (call.body as Notifications).email;
      return { body: setting };
    },
  };
}

/** The feed URL the stand-in makes the `n`th time (SPEC 14: `/calendar/<secret>.ics`). */
export const feedUrl = (n: number) => `https://sessions.example.edu/calendar/secret-${n}.ics`;

/** The stand-in's calendar feed of the caller: GET gives its URL, making one if there is none; DELETE revokes it. */
export function feedRoutes(): Routes {
  let made = 0;
  let url: string | undefined;
  return {
    'GET /api/calendar/feed': () => {
      url ??= feedUrl(++made);
      return { body: { url } };
    },
    'DELETE /api/calendar/feed': () => {
      url = undefined;
      return { status: 204 };
    },
  };
}

/**
 * The stand-in's waitlist of `courseId` for the caller: POST joins (201, again 200, the window replaced; no window is
 * the course's booking window, here four weeks from now), GET gives the entry or 404, DELETE leaves (204).
 */
export function waitlistRoutes(courseId = 'c-101', waiting = false): Routes {
  const path = `/api/courses/${courseId}/waitlist`;
  const join = (window: { from?: string; to?: string } = {}): WaitlistEntry => ({
    courseId,
    from: window.from ?? inHours(0),
    to: window.to ?? inHours(28 * 24),
    createdAt: inHours(0),
  });
  let entry = waiting ? join() : undefined;
  return {
    [`GET ${path}`]: () => (entry ? { body: entry } : { status: 404, code: 'not_found' }),
    [`POST ${path}`]: (call) => {
      const status = entry ? 200 : 201;
      entry = join(call.body as { from?: string; to?: string });
      return { status, body: entry };
    },
    [`DELETE ${path}`]: () => {
      entry = undefined;
      return { status: 204 };
    },
  };
}

/** A member of a course as its roster lists them: a student with no session yet, unless told otherwise. */
export const aMember = (overrides: Partial<RosterMember> = {}): RosterMember => ({
  userId: 'st-1',
  name: 'Ada Lovelace',
  role: 'student',
  upcoming: 0,
  attended: 0,
  missed: 0,
  ...overrides,
});

/**
 * The stand-in's roster of `courseId` (SPEC 15), as the API pages it: `limit` members a page (at most `pageSize`), the
 * cursor the index of the next. With `source` lti it was read from the LMS at `readAt`, and again now on `refresh=1`.
 */
export function rosterRoutes(
  courseId: string,
  members: RosterMember[],
  {
    source = 'lti',
    readAt = inHours(-0.25),
    pageSize = 200,
  }: { source?: Roster['source']; readAt?: string; pageSize?: number } = {},
): Routes {
  let read = source === 'lti' ? readAt : null;
  return {
    [`GET /api/courses/${courseId}/roster`]: (call) => {
      const query = new URL(call.path, location.origin).searchParams;
      if (query.get('refresh') === '1' && source === 'lti') read = new Date(TEST_NOW).toISOString();
      const [from, size] = [Number(query.get('cursor') ?? 0), Math.min(Number(query.get('limit') ?? 50), pageSize)];
      const nextCursor = from + size < members.length ? String(from + size) : null;
      const roster: Roster = { items: members.slice(from, from + size), nextCursor, source, readAt: read };
      return { body: roster };
    },
  };
}

/** A course's statistics as the API counts them (SPEC 15). */
export const someStats = (overrides: Partial<CourseStats> = {}): CourseStats => ({
  requested: 12,
  approved: 8,
  rejected: 2,
  expired: 1,
  cancelled: 1,
  completed: 6,
  attended: 5,
  missed: 1,
  attendanceRate: 5 / 6,
  medianHoursToDecision: 5.5,
  byEducator: [
    { educatorId: 'ed-1', educatorName: 'Grace Hopper', approved: 6, attended: 4 },
    { educatorId: 'ed-2', educatorName: null, approved: 2, attended: 1 },
  ],
  ...overrides,
});

/** The header row of the sessions CSV (SPEC 15). */
export const CSV_HEADER =
  'id,startsAt,endsAt,status,attended,studentId,studentName,educatorId,educatorName,message,rejectionReason,cancellationReason,createdAt,decidedAt';

/** The stand-in's reports of `courseId`: its statistics and its sessions as CSV. */
export function reportRoutes(courseId: string, stats = someStats()): Routes {
  return {
    [`GET /api/courses/${courseId}/stats`]: { body: stats },
    [`GET /api/courses/${courseId}/sessions.csv`]: {
      body: `${CSV_HEADER}\r\nreq-1,${inHours(24)},${inHours(25)},approved,,st-1,Ada Lovelace,ed-1,Grace Hopper,,,,${inHours(-1)},${inHours(-0.5)}\r\n`,
      contentType: 'text/csv; charset=utf-8',
    },
  };
}
