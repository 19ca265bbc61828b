// The authorisation matrix: every endpoint × every kind of caller, so nothing leaks or changes
// another user's data. Each cell runs on a fresh database with one slot and one pending request.
import { describe, expect, it } from 'vitest';
import { at, setup, type TestUser, tableCounts, tokenFor, users } from './helpers.ts';

const actors = {
  none: undefined,
  badToken: 'bad',
  stranger: users.stranger,
  courseStudent: users.otherStudent,
  otherEducator: users.otherEducator,
  educator: users.educator,
  requester: users.student,
} as const;
type Actor = keyof typeof actors;

/** Expected status per actor; `[status, n]` also checks that a list has n items. */
type Expectation = Record<Actor, number | [number, number]>;

const endpoints: {
  name: string;
  call: (ids: { slot: string; request: string }) => [string, string, unknown?];
  expect: Expectation;
}[] = [
  {
    name: 'POST /api/availability/create',
    call: () => ['POST', '/api/availability/create', { courseId: 'c-101', startsAt: at(48), endsAt: at(49) }],
    expect: { none: 401, badToken: 401, stranger: 403, courseStudent: 403, otherEducator: 201, educator: 201, requester: 403 },
  },
  {
    name: 'GET /api/availability/educator/slots',
    call: () => ['GET', '/api/availability/educator/slots'],
    expect: {
      none: 401,
      badToken: 401,
      stranger: [200, 0],
      courseStudent: [200, 0],
      otherEducator: [200, 0],
      educator: [200, 1],
      requester: [200, 0],
    },
  },
  {
    name: 'GET /api/availability/course/:courseId',
    call: () => ['GET', '/api/availability/course/c-101'],
    expect: {
      none: 401,
      badToken: 401,
      stranger: 403,
      courseStudent: [200, 1],
      otherEducator: [200, 1],
      educator: [200, 1],
      requester: [200, 1],
    },
  },
  {
    name: 'PUT /api/availability/update/:slotId',
    call: ({ slot }) => ['PUT', `/api/availability/update/${slot}`, { note: 'changed' }],
    expect: { none: 401, badToken: 401, stranger: 404, courseStudent: 404, otherEducator: 404, educator: 200, requester: 404 },
  },
  {
    name: 'DELETE /api/availability/delete/:slotId',
    call: ({ slot }) => ['DELETE', `/api/availability/delete/${slot}`],
    expect: { none: 401, badToken: 401, stranger: 404, courseStudent: 404, otherEducator: 404, educator: 204, requester: 404 },
  },
  {
    name: 'POST /api/session/request',
    call: ({ slot }) => ['POST', '/api/session/request', { slotId: slot }],
    expect: { none: 401, badToken: 401, stranger: 403, courseStudent: 201, otherEducator: 403, educator: 403, requester: 409 },
  },
  {
    name: 'GET /api/session/my-requests',
    call: () => ['GET', '/api/session/my-requests'],
    expect: {
      none: 401,
      badToken: 401,
      stranger: [200, 0],
      courseStudent: [200, 0],
      otherEducator: [200, 0],
      educator: [200, 0],
      requester: [200, 1],
    },
  },
  {
    name: 'GET /api/session/educator/requests',
    call: () => ['GET', '/api/session/educator/requests'],
    expect: {
      none: 401,
      badToken: 401,
      stranger: [200, 0],
      courseStudent: [200, 0],
      otherEducator: [200, 0],
      educator: [200, 1],
      requester: [200, 0],
    },
  },
  {
    name: 'PUT /api/session/approve/:requestId',
    call: ({ request }) => ['PUT', `/api/session/approve/${request}`, { meetingLink: 'https://meet.example.com/x' }],
    expect: { none: 401, badToken: 401, stranger: 404, courseStudent: 404, otherEducator: 404, educator: 200, requester: 404 },
  },
  {
    name: 'PUT /api/session/reject/:requestId',
    call: ({ request }) => ['PUT', `/api/session/reject/${request}`, { reason: 'No' }],
    expect: { none: 401, badToken: 401, stranger: 404, courseStudent: 404, otherEducator: 404, educator: 200, requester: 404 },
  },
  {
    name: 'PUT /api/session/cancel/:requestId',
    call: ({ request }) => ['PUT', `/api/session/cancel/${request}`, { reason: 'Cannot make it' }],
    expect: { none: 401, badToken: 401, stranger: 404, courseStudent: 404, otherEducator: 404, educator: 409, requester: 200 },
  },
  {
    name: 'GET /api/session/calendar/:requestId',
    call: ({ request }) => ['GET', `/api/session/calendar/${request}`],
    expect: { none: 401, badToken: 401, stranger: 404, courseStudent: 404, otherEducator: 404, educator: 409, requester: 409 },
  },
  {
    name: 'GET /api/me',
    call: () => ['GET', '/api/me'],
    expect: { none: 401, badToken: 401, stranger: 200, courseStudent: 200, otherEducator: 200, educator: 200, requester: 200 },
  },
];

describe.each(endpoints)('$name', ({ call, expect: expected }) => {
  it.each(Object.keys(actors) as Actor[])('answers %s as the contract says', async (actor) => {
    const api = await setup();
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    const [method, path, body] = call({ slot: slot.id, request: request.id });
    const who =
      actor === 'badToken'
        ? await tokenFor(users.educator, undefined, {}, 'another-secret-of-sufficient-length!!')
        : actors[actor];
    const before = await tableCounts(api.db);
    const res = await api.call(method, path, who as TestUser | string | undefined, body);
    const [status, count] = Array.isArray(expected[actor]) ? expected[actor] : [expected[actor]];
    expect(res.status).toBe(status);
    if (count !== undefined) expect(res.body.items).toHaveLength(count);
    if (status >= 400) {
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
      expect(await tableCounts(api.db)).toEqual(before);
    }
  });
});
