// Host notifications: every event POSTed to a real receiver on loopback, signed, in order, at least
// once, retried with backoff (the clock is moved, never waited on), and resumed after a restart.
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, migrateDatabase, openDatabase } from '../src/db/client.ts';
import { announceOpenings } from '../src/domain/waitlist/openings.ts';
import { deliverNext, retryDelayMs, type WebhookConfig } from '../src/webhooks/delivery.ts';
import { signWebhook, verifyWebhook } from '../src/webhooks/signature.ts';
import { DEFAULT_POLICY, NOW, SECRET, setup, type TestApi, tokenFor, users } from './helpers.ts';
import { startServerProcess } from './processes.ts';

const HOOK_SECRET = 'whsec_c2VjcmV0LXNoYXJlZC13aXRoLXRoZS1sbXM=';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A host's webhook endpoint: answers with the queued statuses (then 200), or never, when told to hang. */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  const answers: (number | 'hang')[] = [];
  const waiting: ((delivery: Delivery) => void)[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const delivery = { headers: req.headers, body };
      deliveries.push(delivery);
      for (const resolve of waiting.splice(0)) resolve(delivery);
      const answer = answers.shift() ?? 200;
      if (answer !== 'hang') res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    deliveries,
    answers,
    /** The next delivery to arrive. */
    nextDelivery: () => new Promise<Delivery>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const verified = (delivery: Delivery, now = NOW) =>
  verifyWebhook(HOOK_SECRET, delivery.headers as Record<string, string>, delivery.body, now);
const typeOf = (delivery: Delivery) => JSON.parse(delivery.body).type;

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let api: TestApi;
let hook: WebhookConfig;
const later = (ms: number) => new Date(NOW.getTime() + ms);

beforeEach(async () => {
  receiver = await startReceiver();
  // A delivery to this receiver is never cut short by a busy machine; the receiver that hangs is cut by the test.
  hook = { url: receiver.url, secret: HOOK_SECRET, timeoutMs: 5 * 60_000 };
  api = await setup();
});
afterEach(() => receiver.close());

/** Delivers until nothing is due at `now`. */
async function drain(db: Database, now = NOW, owner = 'worker-1') {
  for (;;) {
    const outcome = await deliverNext(db, hook, now, owner);
    if (outcome.result !== 'delivered') return outcome;
  }
}

describe('webhook delivery', () => {
  it('POSTs every event as signed JSON, in outbox order, starting from when delivery was set up', async () => {
    await api.slot(12);
    expect((await deliverNext(api.db, hook, NOW, 'w')).result).toBe('idle');
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await api.approve(request.id);
    expect((await drain(api.db)).result).toBe('idle');
    expect(receiver.deliveries.map(typeOf)).toEqual(['slot.created', 'request.created', 'request.approved', 'slot.updated']);
    expect(receiver.deliveries.every((delivery) => verified(delivery))).toBe(true);
    const approved = JSON.parse(receiver.deliveries[2].body);
    expect(approved).toMatchObject({
      id: receiver.deliveries[2].headers['webhook-id'],
      type: 'request.approved',
      data: { id: request.id, status: 'approved' },
    });
    const ids = receiver.deliveries.map((delivery) => Number(String(delivery.headers['webhook-id']).slice(4)));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('names the waiting student of a waitlist.opened in userId', async () => {
    await deliverNext(api.db, hook, NOW, 'w');
    await api.post('/api/courses/c-101/waitlist', users.student, {});
    const slot = await api.slot(24);
    while (await announceOpenings(api.db, NOW, DEFAULT_POLICY));
    expect((await drain(api.db)).result).toBe('idle');
    const sent = receiver.deliveries.map((delivery) => JSON.parse(delivery.body));
    expect(sent.map((event) => event.type)).toEqual(['slot.created', 'waitlist.opened']);
    expect(sent[0]).not.toHaveProperty('userId');
    expect(sent[1]).toMatchObject({ userId: users.student.sub, data: { id: slot.id, requestedByMe: false } });
    expect(receiver.deliveries.every((delivery) => verified(delivery))).toBe(true);
  });

  it('retries a failing receiver with exponential backoff, holding later events back, then moves on', async () => {
    await deliverNext(api.db, hook, NOW, 'w');
    await api.slot(24);
    await api.slot(30);
    receiver.answers.push(500, 503);
    expect(await deliverNext(api.db, hook, NOW, 'w')).toEqual({
      result: 'failed',
      retryAt: later(retryDelayMs(1)).toISOString(),
    });
    expect((await deliverNext(api.db, hook, later(retryDelayMs(1) - 1), 'w')).result).toBe('waiting');
    expect((await deliverNext(api.db, hook, later(retryDelayMs(1)), 'w')).result).toBe('failed');
    const third = later(retryDelayMs(1) + retryDelayMs(2));
    expect((await drain(api.db, third)).result).toBe('idle');
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    const seen = receiver.deliveries.map((delivery) => delivery.headers['webhook-id']);
    expect(seen).toEqual([seen[0], seen[0], seen[0], seen[3]]);
    expect(seen[3]).not.toBe(seen[0]);
  });

  it('sends each event with the resource as it was then, even when delivered after later changes', async () => {
    await deliverNext(api.db, hook, NOW, 'w');
    const slot = await api.slot(24);
    receiver.answers.push(500, 500);
    expect((await deliverNext(api.db, hook, NOW, 'w')).result).toBe('failed');
    const request = await api.request(slot.id);
    await api.approve(request.id);
    expect((await deliverNext(api.db, hook, later(retryDelayMs(1)), 'w')).result).toBe('failed');
    expect((await drain(api.db, later(retryDelayMs(1) + retryDelayMs(2)))).result).toBe('idle');
    const sent = receiver.deliveries.slice(2).map((delivery) => JSON.parse(delivery.body));
    expect(sent.map((event) => [event.type, event.data.status])).toEqual([
      ['slot.created', 'open'],
      ['request.created', 'pending'],
      ['request.approved', 'approved'],
      ['slot.updated', 'booked'],
    ]);
    expect(sent[1].data.meetingLink).toBeNull();
  });

  it('treats a receiver that does not answer in time as a failure', async () => {
    await deliverNext(api.db, hook, NOW, 'w');
    await api.slot(24);
    receiver.answers.push('hang');
    const timeout = new AbortController();
    void receiver.nextDelivery().then(() => timeout.abort(new DOMException('The receiver took too long.', 'TimeoutError')));
    const outcome = await deliverNext(api.db, hook, NOW, 'w', timeout.signal);
    expect(outcome.result).toBe('failed');
    expect(receiver.deliveries).toHaveLength(1);
  });

  it('survives a restart in the middle of retries', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'hooks-')), 'sessions.db')}`;
    const first = await openDatabase(url);
    await migrateDatabase(first);
    const before = await setup({ db: first });
    await deliverNext(first, hook, NOW, 'process-a');
    await before.slot(24);
    receiver.answers.push(500);
    expect((await deliverNext(first, hook, NOW, 'process-a')).result).toBe('failed');
    first.$client.close();

    const second = await openDatabase(url);
    expect((await deliverNext(second, hook, NOW, 'process-b')).result).toBe('waiting');
    expect((await drain(second, later(retryDelayMs(1)), 'process-b')).result).toBe('idle');
    expect(receiver.deliveries.map(typeOf)).toEqual(['slot.created', 'slot.created']);
    expect(receiver.deliveries[0].headers['webhook-id']).toBe(receiver.deliveries[1].headers['webhook-id']);
    second.$client.close();
  });
});

describe('the signature', () => {
  it('lets a host tell a genuine delivery from a forged or replayed one', async () => {
    const body = JSON.stringify({ id: 'evt_1', type: 'slot.created' });
    const timestamp = Math.floor(NOW.getTime() / 1000);
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(HOOK_SECRET, 'evt_1', timestamp, body),
    };
    expect(verifyWebhook(HOOK_SECRET, headers, body, NOW)).toBe(true);
    expect(verifyWebhook(HOOK_SECRET, headers, body.replace('slot', 'spot'), NOW)).toBe(false);
    expect(verifyWebhook('whsec_b3RoZXItc2VjcmV0', headers, body, NOW)).toBe(false);
    expect(verifyWebhook(HOOK_SECRET, { ...headers, 'webhook-id': 'evt_2' }, body, NOW)).toBe(false);
    expect(verifyWebhook(HOOK_SECRET, headers, body, later(10 * 60_000))).toBe(false);
    expect(verifyWebhook(HOOK_SECRET, { ...headers, 'webhook-signature': undefined }, body, NOW)).toBe(false);
  });
});

describe('the production server with WEBHOOK_URL', () => {
  it('delivers to the host in the background', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'hooks-')), 'sessions.db')}`;
    const server = await startServerProcess({
      DATABASE_URL: url,
      AUTH_SECRET: SECRET,
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: HOOK_SECRET,
    });
    try {
      const now = new Date();
      const res = await fetch(`${server.url}/api/availability/create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await tokenFor(users.educator, now)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          courseId: 'c-101',
          startsAt: new Date(now.getTime() + 86_400_000).toISOString(),
          endsAt: new Date(now.getTime() + 90_000_000).toISOString(),
        }),
      });
      const delivered = receiver.nextDelivery();
      expect(res.status).toBe(201);
      const delivery = await delivered;
      expect(typeOf(delivery)).toBe('slot.created');
      expect(verified(delivery, new Date())).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
