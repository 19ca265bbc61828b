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

const signedIn = ['stranger', 'courseStudent', 'otherEducator', 'educator', 'requester'] as const;

/** 401 without a valid token; otherwise `answer` for each signed-in actor. */
const expectation = (answer: (actor: (typeof signedIn)[number]) => number | [number, number]): Expectation => ({
  none: 401,
  badToken: 401,
  ...(Object.fromEntries(signedIn.map((actor) => [actor, answer(actor)])) as Record<(typeof signedIn)[number], number>),
});

/** A list every signed-in user may read, showing the fixture's item to `owner` alone. */
const listSeenBy = (owner: Actor) => expectation((actor) => [200, actor === owner ? 1 : 0]);

/** The named answers, and `fallback` for every other signed-in actor. */
const answers = (named: Partial<Expectation>, fallback: number | [number, number]) =>
  expectation((actor) => named[actor] ?? fallback);

/** An action on the fixture's slot or request: 404 to everyone the answers do not name. */
const ownedBy = (named: Partial<Expectation>) => answers(named, 404);

type Call = (ids: { slot: string; request: string }) => [string, string, unknown?];

const endpoints: { name: string; call: Call; expect: Expectation }[] = [
  {
    name: 'POST /api/availability/create',
    call: () => ['POST', '/api/availability/create', { courseId: 'c-101', startsAt: at(48), endsAt: at(49) }],
    expect: answers({ educator: 201, otherEducator: 201 }, 403),
  },
  {
    name: 'GET /api/availability/educator/slots',
    call: () => ['GET', '/api/availability/educator/slots'],
    expect: listSeenBy('educator'),
  },
  {
    name: 'GET /api/availability/course/:courseId',
    call: () => ['GET', '/api/availability/course/c-101'],
    expect: answers({ stranger: 403 }, [200, 1]),
  },
  {
    name: 'PUT /api/availability/update/:slotId',
    call: ({ slot }) => ['PUT', `/api/availability/update/${slot}`, { note: 'changed' }],
    expect: ownedBy({ educator: 200 }),
  },
  {
    name: 'DELETE /api/availability/delete/:slotId',
    call: ({ slot }) => ['DELETE', `/api/availability/delete/${slot}`],
    expect: ownedBy({ educator: 204 }),
  },
  {
    name: 'POST /api/session/request',
    call: ({ slot }) => ['POST', '/api/session/request', { slotId: slot }],
    expect: answers({ courseStudent: 201, requester: 409 }, 403),
  },
  { name: 'GET /api/session/my-requests', call: () => ['GET', '/api/session/my-requests'], expect: listSeenBy('requester') },
  {
    name: 'GET /api/session/educator/requests',
    call: () => ['GET', '/api/session/educator/requests'],
    expect: listSeenBy('educator'),
  },
  {
    name: 'PUT /api/session/approve/:requestId',
    call: ({ request }) => ['PUT', `/api/session/approve/${request}`, { meetingLink: 'https://meet.example.com/x' }],
    expect: ownedBy({ educator: 200 }),
  },
  {
    name: 'PUT /api/session/reject/:requestId',
    call: ({ request }) => ['PUT', `/api/session/reject/${request}`, { reason: 'No' }],
    expect: ownedBy({ educator: 200 }),
  },
  {
    name: 'PUT /api/session/cancel/:requestId',
    call: ({ request }) => ['PUT', `/api/session/cancel/${request}`, { reason: 'Cannot make it' }],
    expect: ownedBy({ educator: 409, requester: 200 }),
  },
  {
    // A pending request that has not started: the educator is refused by the rules, everyone else does not see it.
    name: 'PUT /api/session/attendance/:requestId',
    call: ({ request }) => ['PUT', `/api/session/attendance/${request}`, { attended: true }],
    expect: ownedBy({ educator: 409 }),
  },
  {
    name: 'GET /api/session/calendar/:requestId',
    call: ({ request }) => ['GET', `/api/session/calendar/${request}`],
    expect: ownedBy({ educator: 409, requester: 409 }),
  },
  {
    name: 'GET /api/courses/:courseId/policy',
    call: () => ['GET', '/api/courses/c-101/policy'],
    expect: answers({ stranger: 403 }, 200),
  },
  {
    name: 'PUT /api/courses/:courseId/policy',
    call: () => ['PUT', '/api/courses/c-101/policy', { maxDaysAhead: 30 }],
    expect: answers({ educator: 200, otherEducator: 200 }, 403),
  },
  {
    name: 'POST /api/courses/:courseId/waitlist',
    call: () => ['POST', '/api/courses/c-101/waitlist', {}],
    expect: answers({ courseStudent: 201, requester: 201 }, 403),
  },
  {
    name: 'GET /api/courses/:courseId/waitlist',
    call: () => ['GET', '/api/courses/c-101/waitlist'],
    expect: answers({ courseStudent: 404, requester: 404 }, 403),
  },
  {
    name: 'DELETE /api/courses/:courseId/waitlist',
    call: () => ['DELETE', '/api/courses/c-101/waitlist'],
    expect: answers({ courseStudent: 204, requester: 204 }, 403),
  },
  {
    name: 'GET /api/courses/:courseId/sessions.csv',
    call: () => ['GET', '/api/courses/c-101/sessions.csv'],
    expect: answers({ educator: 200, otherEducator: 200 }, 403),
  },
  {
    name: 'GET /api/courses/:courseId/stats',
    call: () => ['GET', '/api/courses/c-101/stats'],
    expect: answers({ educator: 200, otherEducator: 200 }, 403),
  },
  { name: 'GET /api/calendar/feed', call: () => ['GET', '/api/calendar/feed'], expect: expectation(() => 200) },
  { name: 'DELETE /api/calendar/feed', call: () => ['DELETE', '/api/calendar/feed'], expect: expectation(() => 204) },
  { name: 'GET /api/me', call: () => ['GET', '/api/me'], expect: expectation(() => 200) },
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

describe('the OpenAPI document as the list of who needs a token', () => {
  it('answers 401 without a token on every operation that declares bearer security, and never on a public one', async () => {
    const api = await setup({ config: { demoPagesPath: undefined } });
    const document = (await api.get('/api/openapi.json')).body;
    const operations = Object.entries(document.paths as Record<string, Record<string, { security?: unknown[] }>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    const fill = (path: string) => path.replace(/\{[^}]+\}/g, 'x-1');
    const answers = await Promise.all(
      operations.map(async ({ path, method, operation }) => ({
        name: `${method.toUpperCase()} ${path}`,
        bearer: (operation.security ?? document.security ?? []).length > 0,
        status: (await api.call(method.toUpperCase(), fill(path), undefined, method === 'get' ? undefined : {})).status,
      })),
    );
    expect(answers.filter((answer) => answer.bearer).length).toBeGreaterThan(15);
    for (const answer of answers) {
      if (answer.bearer) expect(answer, answer.name).toMatchObject({ status: 401 });
      else expect(answer.status, answer.name).not.toBe(401);
    }
  });
});
