// The event stream under hostile use: many streams, clients that never read, very old Last-Event-IDs,
// expiring tokens, HEAD requests and a slow database; each holds only what it should.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mailState, webhookState } from '../src/db/schema.ts';
import { type EventHub, MAX_STREAMS_PER_USER, type OutboxEvent } from '../src/live/hub.ts';
import { pruneOutbox, REPLAY_WINDOW } from '../src/live/outbox.ts';
import { EventStream, MAX_BUFFERED_BYTES } from '../src/live/stream.ts';
import { at, NOW, setupWithHub, student, type TestApi, tokenFor, users } from './helpers.ts';
import { streamOf } from './sse.ts';

let api: TestApi;
let hub: EventHub;

beforeEach(async () => {
  ({ api, hub } = await setupWithHub());
});

/** Writes `count` outbox rows of a course the test users do not belong to, as another tenant's traffic. */
async function foreignEvents(count: number) {
  await api.db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
    INSERT INTO outbox (type, slot_id, course_id, educator_id, created_at, payload)
    SELECT 'slot.created', 'elsewhere-' || i, 'c-elsewhere', 'ed-elsewhere', ${at(-1)}, '{}' FROM n`);
}

const eventCount = async () => Number((await api.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM outbox`))?.n);

describe('how many streams a user holds', () => {
  it(`closes a user's oldest stream when they open more than ${MAX_STREAMS_PER_USER}`, async () => {
    const streams = [];
    for (let n = 0; n < MAX_STREAMS_PER_USER + 2; n++) streams.push(await streamOf(api, users.student));
    expect(hub.size).toBe(MAX_STREAMS_PER_USER);
    await expect(streams[0].next()).rejects.toThrow('the stream ended');
    await expect(streams[1].next()).rejects.toThrow('the stream ended');
    const other = await streamOf(api, users.otherStudent);
    expect(hub.size).toBe(MAX_STREAMS_PER_USER + 1);
    await api.slot(24);
    expect((await streams[2].next()).event).toBe('slot.created');
    expect((await other.next()).event).toBe('slot.created');
    for (const stream of [...streams, other]) stream.close();
  });

  it('renders an event once for all streams: fan-out costs no query per stream', async () => {
    const queriesWhileDelivering = async (streamCount: number) => {
      const streams = await Promise.all(Array.from({ length: streamCount }, (_, n) => streamOf(api, student(n))));
      await api.slot(24 + streamCount);
      const execute = vi.spyOn(api.db.$client, 'execute');
      await Promise.all(streams.map((stream) => stream.next()));
      const queries = execute.mock.calls.length;
      execute.mockRestore();
      for (const stream of streams) stream.close();
      return queries;
    };
    expect(await queriesWhileDelivering(40)).toBeLessThanOrEqual(await queriesWhileDelivering(1));
  });
});

describe('latency on the instance that made the change', () => {
  it('delivers at once after a local write, without waiting for the next poll', async () => {
    // With the poll timer held still, only the write's own wake-up can deliver the event.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const stream = await streamOf(api, users.educator);
    try {
      const slot = await api.slot(24);
      expect(JSON.parse((await stream.next()).data ?? '').id).toBe(slot.id);
    } finally {
      vi.useRealTimers();
      stream.close();
    }
  });
});

describe('what an event carries', () => {
  it('is exactly the resource each reader gets from the API, field for field', async () => {
    const [educator, student] = await Promise.all([streamOf(api, users.educator), streamOf(api, users.student)]);
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    expect(JSON.parse((await educator.next((e) => e.event === 'slot.created')).data ?? '')).toStrictEqual(slot);
    const listed = (await api.get('/api/availability/course/c-101', users.student)).body.items[0];
    const created = await student.next((e) => e.event === 'slot.created');
    expect(JSON.parse(created.data ?? '')).toStrictEqual({ ...listed, requestedByMe: false });
    expect(JSON.parse((await student.next((e) => e.event === 'request.created')).data ?? '')).toStrictEqual(request);
    for (const stream of [educator, student]) stream.close();
  });
});

describe('a client that does not read', () => {
  it(`is dropped once it leaves more than ${MAX_BUFFERED_BYTES / 1024} KiB unread, freeing what it held`, async () => {
    const stream = new EventStream({
      db: api.db,
      hub,
      user: { id: 'ed-1', name: null, courses: [] },
      expiresAt: new Date(at(1)),
      clock: () => NOW,
    });
    await stream.open();
    expect(hub.size).toBe(1);
    const big = (id: number): OutboxEvent => ({
      id: 1_000 + id,
      type: 'slot.updated',
      slotId: 's',
      requestId: null,
      courseId: 'c-101',
      educatorId: 'ed-1',
      studentId: null,
      createdAt: NOW.toISOString(),
      payload: JSON.stringify({ note: 'x'.repeat(8_000) }),
      requestedBy: '[]',
    });
    const frames = MAX_BUFFERED_BYTES / 8_000;
    for (let n = 0; n < frames / 2; n++) stream.deliver([big(n)]);
    expect(hub.size).toBe(1);
    for (let n = frames / 2; n < 2 * frames; n++) stream.deliver([big(n)]);
    expect(hub.size).toBe(0);
    await expect(stream.body.getReader().read()).rejects.toThrow('fell too far behind');
  });
});

describe('replay from Last-Event-ID', () => {
  it("sends only the caller's events, across many replay windows, then goes live", async () => {
    const first = await api.slot(24);
    await foreignEvents(REPLAY_WINDOW + 500);
    const request = await api.request(first.id);
    await foreignEvents(REPLAY_WINDOW);
    const stream = await streamOf(api, users.student, '0');
    expect((await stream.next()).event).toBe('slot.created');
    const created = await stream.next();
    expect(created.event).toBe('request.created');
    await api.approve(request.id);
    expect((await stream.next()).event).toBe('request.approved');
    expect((await stream.next()).event).toBe('slot.updated');
    expect(stream.received.map((event) => JSON.parse(event.data ?? '{}').courseId)).toEqual(Array(4).fill('c-101'));
    stream.close();
  });

  it('replays each event as it was then, not as it is now', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await api.approve(request.id);
    const stream = await streamOf(api, users.student, '0');
    await stream.next((event) => event.event === 'request.created');
    const created = stream.received.find((event) => event.event === 'request.created');
    expect(JSON.parse(created?.data ?? '')).toMatchObject({ id: request.id, status: 'pending', meetingLink: null });
    const approved = await stream.next((event) => event.event === 'request.approved');
    expect(JSON.parse(approved.data ?? '')).toMatchObject({ status: 'approved', meetingLink: 'https://meet.example.com/abc' });
    stream.close();
  });

  it('misses nothing and repeats nothing when an event is written while a slow replay runs', async () => {
    const slot = await api.slot(24);
    for (const who of [student(1), student(2), student(3), student(4)]) await api.request(slot.id, who);
    let releaseReplay = () => {};
    const replayHeld = new Promise<void>((resolve) => (releaseReplay = resolve));
    const execute = api.db.$client.execute.bind(api.db.$client);
    vi.spyOn(api.db.$client, 'execute').mockImplementation(async (statement) => {
      // The replay query, as a remote database's round trip would delay it.
      if (JSON.stringify(statement).includes('\\"outbox\\".\\"id\\" <=')) await replayHeld;
      return execute(statement as never);
    });
    const replaying = streamOf(api, users.educator, '0');
    const live = await streamOf(api, users.otherEducator);
    await api.put(`/api/availability/update/${slot.id}`, users.educator, { note: 'Room 4' });
    await live.next();
    releaseReplay();
    const stream = await replaying;
    for (let n = 0; n < 6; n++) await stream.next();
    const ids = stream.received.map((event) => Number(event.id));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
    vi.restoreAllMocks();
    for (const open of [stream, live]) open.close();
  });

  it('starts from now with `event: reset` when the missed events are no longer kept', async () => {
    await api.slot(24);
    await api.slot(26);
    await api.slot(28);
    expect(await pruneOutbox(api.db, at(1))).toBe(3);
    const stream = await streamOf(api, users.educator, '1');
    const reset = await stream.next();
    expect(reset).toMatchObject({ event: 'reset', id: '3' });
    const later = await api.slot(30);
    expect(JSON.parse((await stream.next()).data ?? '').id).toBe(later.id);
    stream.close();

    const caughtUp = await streamOf(api, users.educator, '4');
    const fromTheFuture = await streamOf(api, users.educator, '999');
    await api.slot(32);
    expect((await caughtUp.next()).event).toBe('slot.created');
    expect((await fromTheFuture.next()).event).toBe('reset');
    for (const open of [caughtUp, fromTheFuture]) open.close();
  });
});

describe('retention', () => {
  it('removes events older than the cutoff, but never one the webhook has yet to deliver', async () => {
    await foreignEvents(1_200);
    await api.db.insert(webhookState).values({ id: 1, deliveredUpTo: 700, attempts: 0 });
    expect(await pruneOutbox(api.db, at(0), { webhook: true })).toBe(700);
    expect(await pruneOutbox(api.db, at(-2))).toBe(0);
    expect(await pruneOutbox(api.db, at(0))).toBe(500);
    expect(await eventCount()).toBe(0);
  });

  it('never removes an event email has yet to plan, while email is on', async () => {
    await foreignEvents(1_200);
    await api.db.insert(webhookState).values({ id: 1, deliveredUpTo: 900, attempts: 0 });
    await api.db.insert(mailState).values({ id: 1, plannedUpTo: 600 });
    expect(await pruneOutbox(api.db, at(0), { webhook: true, mail: true })).toBe(600);
    expect(await pruneOutbox(api.db, at(0), { webhook: true })).toBe(300);
    expect(await pruneOutbox(api.db, at(0))).toBe(300);
  });
});

describe('the end of a stream', () => {
  it('ends when the token expires, delivering nothing after', async () => {
    const stream = await streamOf(api, users.student, undefined, { exp: Math.floor(NOW.getTime() / 1000) + 60 });
    api.setNow(new Date(NOW.getTime() + 61_000));
    await api.slot(24);
    await expect(stream.next()).rejects.toThrow('the stream ended');
    expect(hub.size).toBe(0);
  });

  it('HEAD answers the headers and leaves no stream open', async () => {
    const token = await tokenFor(users.student);
    for (let n = 0; n < 20; n++) {
      const res = await api.app.request('/api/events', { method: 'HEAD', headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
    }
    expect(hub.size).toBe(0);
  });

  it('closes every stream when the server shuts down', async () => {
    const streams = await Promise.all([streamOf(api, users.student), streamOf(api, users.educator)]);
    hub.close();
    for (const stream of streams) await expect(stream.next()).rejects.toThrow('the stream ended');
    expect(hub.size).toBe(0);
  });
});
