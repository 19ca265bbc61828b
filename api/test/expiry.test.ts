// The expiry sweep: a pending request whose session started undecided is recorded once as `request.expired`, in
// bounded batches, across processes sharing the database; streams and webhooks hear of it like any event.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { outbox } from '../src/db/schema.ts';
import { recordExpiries } from '../src/domain/requests/expire.ts';
import { deliverNext } from '../src/webhooks/delivery.ts';
import { at, HOUR, NOW, setup, student, type TestApi, users } from './helpers.ts';

const expiredEvents = (api: TestApi) =>
  api.db.select().from(outbox).where(eq(outbox.type, 'request.expired')).orderBy(asc(outbox.id));

describe('the expiry sweep', () => {
  it('records request.expired once for each pending request whose start passed, and for nothing else', async () => {
    const api = await setup();
    const soon = await api.slot(1);
    const later = await api.slot(5);
    const waiting = await api.request(soon.id, users.student, 'Chapter 3');
    const other = await api.request(soon.id, users.otherStudent);
    const decided = await api.request((await api.slot(2)).id);
    await api.put(`/api/session/reject/${decided.id}`, users.educator, { reason: 'Away that day' });
    const notYet = await api.request(later.id);

    expect(await recordExpiries(api.db, at(0.5))).toBe(0);
    expect(await recordExpiries(api.db, at(3))).toBe(2);
    expect(await recordExpiries(api.db, at(3))).toBe(0);
    expect(await recordExpiries(api.db, at(4))).toBe(0);
    const events = await expiredEvents(api);
    expect(events.map((event) => event.requestId).sort()).toEqual([waiting.id, other.id].sort());
    const payload = JSON.parse(events.find((event) => event.requestId === waiting.id)?.payload ?? '{}');
    expect(payload).toMatchObject({
      id: waiting.id,
      status: 'rejected',
      reasonCode: 'expired',
      rejectionReason: 'Not approved before the session started.',
      message: 'Chapter 3',
    });
    expect(events[0]).toMatchObject({ studentId: expect.any(String), educatorId: users.educator.sub, createdAt: at(3) });

    api.setNow(at(6));
    expect(await recordExpiries(api.db, at(6))).toBe(1);
    expect((await expiredEvents(api)).map((event) => event.requestId)).toContain(notYet.id);
    // The request reads as it always did: rejected as expired, nothing else about it changed.
    const mine = await api.get('/api/session/my-requests', users.student);
    expect(mine.body.items.find((item: { id: string }) => item.id === notYet.id)).toMatchObject({ status: 'rejected' });
  });

  it('works in bounded batches, oldest start first', async () => {
    const api = await setup();
    const slots = [];
    for (let n = 0; n < 5; n++) slots.push(await api.slot(1 + n * 2, 1));
    for (const slot of slots) for (let n = 0; n < 3; n++) await api.request(slot.id, student(n));
    const counts = [];
    for (let round = 0; round < 6; round++) counts.push(await recordExpiries(api.db, at(20), 4));
    expect(counts).toEqual([4, 4, 4, 3, 0, 0]);
    const events = await expiredEvents(api);
    expect(new Set(events.map((event) => event.requestId)).size).toBe(15);
    // Each batch takes the oldest starts still unrecorded.
    const starts = events.map((event) => JSON.parse(event.payload).startsAt as string);
    const batches = [starts.slice(0, 4), starts.slice(4, 8), starts.slice(8, 12), starts.slice(12)];
    for (let n = 1; n < batches.length; n++) {
      expect([...batches[n - 1]].sort()[batches[n - 1].length - 1] <= [...batches[n]].sort()[0]).toBe(true);
    }
  });

  it('records each request once when two processes sweep the same database at the same time', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'expiry-')), 'sessions.db')}`;
    const first = await openDatabase(url);
    await migrateDatabase(first);
    const second = await openDatabase(url);
    const api = await setup({ db: first });
    for (let n = 0; n < 12; n++) await api.request((await api.slot(1 + n * 2, 1)).id, student(n));
    const when = new Date(NOW.getTime() + 40 * HOUR).toISOString();
    const rounds = await Promise.all(
      [first, second, first, second].map(async (db) => {
        let total = 0;
        for (let recorded = -1; recorded !== 0; total += recorded) recorded = await recordExpiries(db, when, 5);
        return total;
      }),
    );
    expect(rounds.reduce((sum, n) => sum + n, 0)).toBe(12);
    const events = await expiredEvents(api);
    expect(events).toHaveLength(12);
    expect(new Set(events.map((event) => event.requestId)).size).toBe(12);
    first.$client.close();
    second.$client.close();
  });

  it('reaches webhooks as request.expired', async () => {
    const bodies: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const api = await setup();
      const hook = { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, secret: 'whsec_c2VjcmV0' };
      await deliverNext(api.db, hook, NOW, 'w');
      const request = await api.request((await api.slot(1)).id);
      await recordExpiries(api.db, at(2));
      while ((await deliverNext(api.db, hook, NOW, 'w')).result === 'delivered');
      const types = bodies.map((body) => JSON.parse(body));
      expect(types.map((event) => event.type)).toEqual(['slot.created', 'request.created', 'request.expired']);
      expect(types[2].data).toMatchObject({ id: request.id, status: 'rejected', reasonCode: 'expired' });
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
