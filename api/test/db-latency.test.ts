// DB_LATENCY_MS: every database call takes that much longer, half before it reaches the database and half after.
import { describe, expect, it, vi } from 'vitest';
import { delayEachCall, openDatabase } from '../src/db/client.ts';

describe('a database made far away', () => {
  it.each(['execute', 'batch'] as const)('runs %s only after the way there, and answers after the way back', async (call) => {
    const db = await openDatabase(':memory:', undefined, 0);
    await db.$client.execute('CREATE TABLE t (n INTEGER)');
    const legs: (() => void)[] = [];
    delayEachCall(db.$client, 10, () => new Promise<void>((resolve) => legs.push(resolve)));
    let answered = false;
    const statement = 'INSERT INTO t VALUES (1)';
    const work = call === 'execute' ? db.$client.execute(statement) : db.$client.batch([statement], 'write');
    void work.then(() => {
      answered = true;
    });
    await vi.waitFor(() => expect(legs).toHaveLength(1));
    legs[0]();
    await vi.waitFor(() => expect(legs).toHaveLength(2));
    expect(answered).toBe(false);
    legs[1]();
    await vi.waitFor(() => expect(answered).toBe(true));
    db.$client.close();
  });

  it('takes its latency from DB_LATENCY_MS by default, and none without it', async () => {
    vi.stubEnv('DB_LATENCY_MS', '20');
    const far = await openDatabase(':memory:');
    vi.unstubAllEnvs();
    const near = await openDatabase(':memory:');
    const answered: string[] = [];
    await Promise.all([far, near].map((db, n) => db.$client.execute('SELECT 1').then(() => answered.push(n ? 'near' : 'far'))));
    expect(answered).toEqual(['near', 'far']);
    for (const db of [far, near]) db.$client.close();
  });
});
