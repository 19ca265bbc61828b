// Live updates (SPEC §7): the outbox streamed as SSE to exactly the users who may see each event,
// replayed from Last-Event-ID, delivered across server processes, and torn down cleanly.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import type { EventHub } from '../src/live/hub.ts';
import { at, SECRET, setupWithHub, student, type TestApi, type TestUser, tokenFor, users } from './helpers.ts';
import { type ServerProcess, startServerProcess } from './processes.ts';
import { openEvents, streamOf as streamOfApi } from './sse.ts';

let api: TestApi;
let hub: EventHub;

beforeEach(async () => {
  ({ api, hub } = await setupWithHub());
});

const streamOf = (user: TestUser, lastEventId?: string) => streamOfApi(api, user, lastEventId);

describe('GET /api/events', () => {
  it('is an authenticated event stream', async () => {
    expect((await api.get('/api/events')).status).toBe(401);
    const stream = await streamOf(users.student);
    expect(stream.response.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
    stream.close();
  });

  it("sends a request's events to its student and educator, with the meeting link, and to nobody else", async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    const [student, educator, classmate, otherEducator] = await Promise.all(
      [users.student, users.educator, users.otherStudent, users.otherEducator].map((user) => streamOf(user)),
    );
    await api.approve(request.id);
    const seen = await student.next((e) => e.event === 'request.approved');
    expect(JSON.parse(seen.data ?? '')).toMatchObject({
      id: request.id,
      status: 'approved',
      meetingLink: 'https://meet.example.com/abc',
    });
    expect(Number(seen.id)).toBeGreaterThan(0);
    await educator.next((e) => e.event === 'request.approved');

    // The approval also updates the slot, which every member of the course hears about: once the
    // classmates have that, they would have had the request event before it if it were theirs.
    const classmateSlot = await classmate.next((e) => e.event === 'slot.updated');
    const otherSlot = await otherEducator.next((e) => e.event === 'slot.updated');
    for (const stream of [classmate, otherEducator]) expect(stream.received.map((e) => e.event)).toEqual(['slot.updated']);
    expect(JSON.stringify([classmateSlot, otherSlot])).not.toContain('meet.example.com');
    for (const stream of [student, educator, classmate, otherEducator]) stream.close();
  });

  it('sends slot events to the educator with the pending count, and to students as the course listing shows them', async () => {
    const [educator, student, stranger] = await Promise.all([
      streamOf(users.educator),
      streamOf(users.student),
      streamOf(users.stranger),
    ]);
    const slot = await api.slot(24);
    const forEducator = JSON.parse((await educator.next((e) => e.event === 'slot.created')).data ?? '');
    const forStudent = JSON.parse((await student.next((e) => e.event === 'slot.created')).data ?? '');
    expect(forEducator).toMatchObject({ id: slot.id, pendingCount: 0 });
    expect(forStudent).toMatchObject({ id: slot.id, requestedByMe: false });
    expect(forStudent).not.toHaveProperty('pendingCount');
    await api.del(`/api/availability/delete/${slot.id}`, users.educator);
    await student.next((e) => e.event === 'slot.deleted');
    await api.slot(30, 1, users.educator, 'c-101');
    await student.next((e) => e.event === 'slot.created');
    // The stranger belongs to none of these courses: the first event they get is one of their own course's.
    const ownSlot = await api.slot(40, 1, { sub: 'ed-9', courses: [{ id: 'c-999', role: 'educator' }] }, 'c-999');
    const first = await stranger.next();
    expect(first.event).toBe('slot.created');
    expect(JSON.parse(first.data ?? '').id).toBe(ownSlot.id);
    for (const stream of [educator, student, stranger]) stream.close();
  });

  it('sends policy.updated, with the course policy in effect, to every member of the course and nobody else', async () => {
    const [student, educator, stranger] = await Promise.all([
      streamOf(users.student),
      streamOf(users.otherEducator),
      streamOf(users.stranger),
    ]);
    const changed = await api.put('/api/courses/c-101/policy', users.educator, { maxDaysAhead: 30, minNoticeMinutes: null });
    expect(changed.status).toBe(200);
    const policy = changed.body;
    for (const stream of [student, educator]) {
      const seen = await stream.next((e) => e.event === 'policy.updated');
      expect(JSON.parse(seen.data ?? '')).toEqual(policy);
    }
    expect(policy).toMatchObject({ courseId: 'c-101', maxDaysAhead: 30, updatedBy: 'ed-1' });
    const ownSlot = await api.slot(40, 1, { sub: 'ed-9', courses: [{ id: 'c-999', role: 'educator' }] }, 'c-999');
    const first = await stranger.next();
    expect([first.event, JSON.parse(first.data ?? '').id]).toEqual(['slot.created', ownSlot.id]);
    for (const stream of [student, educator, stranger]) stream.close();
  });

  it('replays what was missed after Last-Event-ID, then continues live', async () => {
    const first = await streamOf(users.educator);
    const slot = await api.slot(24);
    const created = await first.next((e) => e.event === 'slot.created');
    first.close();
    await api.request(slot.id);
    await api.put(`/api/availability/update/${slot.id}`, users.educator, { note: 'Room 4' });

    const again = await streamOf(users.educator, created.id);
    expect((await again.next()).event).toBe('request.created');
    expect((await again.next()).event).toBe('slot.updated');
    await api.del(`/api/availability/delete/${slot.id}`, users.educator);
    expect((await again.next()).event).toBe('request.rejected');
    expect((await again.next()).event).toBe('slot.deleted');
    const ids = again.received.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    again.close();
  });

  it('starts from now without Last-Event-ID', async () => {
    await api.slot(24);
    const stream = await streamOf(users.educator);
    const later = await api.slot(30);
    const event = await stream.next();
    expect(JSON.parse(event.data ?? '').id).toBe(later.id);
    stream.close();
  });

  it('leaves nothing behind when clients go away', async () => {
    const streams = await Promise.all(Array.from({ length: 50 }, (_, n) => streamOf(student(n))));
    expect(hub.size).toBe(50);
    for (const stream of streams) stream.close();
    // vi.waitFor's own limit is one second, which a busy machine can take.
    await vi.waitFor(() => expect(hub.size).toBe(0), { timeout: 60_000 });
  });
});

describe('across two server processes on one database file', () => {
  let servers: ServerProcess[] = [];
  const now = new Date();
  beforeAll(async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'events-')), 'sessions.db')}`;
    const db = await openDatabase(url);
    await migrateDatabase(db);
    const env = { DATABASE_URL: url, AUTH_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0' };
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  it('delivers an event caused through one instance to a stream held by the other', async () => {
    const token = async (user: TestUser) => `Bearer ${await tokenFor(user, now)}`;
    const studentAuth = await token(users.student);
    const stream = await openEvents((init) =>
      fetch(`${servers[1].url}/api/events`, { ...init, headers: { ...init.headers, Authorization: studentAuth } }),
    );
    await stream.ready();
    const res = await fetch(`${servers[0].url}/api/availability/create`, {
      method: 'POST',
      headers: { Authorization: await token(users.educator), 'Content-Type': 'application/json' },
      body: JSON.stringify({ courseId: 'c-101', startsAt: at(24, now), endsAt: at(25, now) }),
    });
    const slot = (await res.json()) as { id: string };
    const event = await stream.next((e) => e.event === 'slot.created');
    expect(JSON.parse(event.data ?? '')).toMatchObject({ id: slot.id, requestedByMe: false });
    stream.close();
  });
});
