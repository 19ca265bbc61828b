// The query plans of every statement a piece of work runs (reads and batched writes), for tests of how much they read.
import { vi } from 'vitest';
import type { Database } from '../src/db/client.ts';

/** Runs `work`, then explains each statement it ran on `db`: one line per statement, its plan's steps joined by ` | `. */
export async function plansOf(db: Database, work: () => Promise<unknown>): Promise<string[]> {
  const batch = vi.spyOn(db.$client, 'batch');
  const execute = vi.spyOn(db.$client, 'execute');
  await work();
  const statements = [...batch.mock.calls.flatMap(([batched]) => batched), ...execute.mock.calls.map(([statement]) => statement)];
  batch.mockRestore();
  execute.mockRestore();
  const plans: string[] = [];
  for (const statement of statements) {
    const { sql, args } =
      typeof statement === 'string'
        ? { sql: statement, args: [] }
        : Array.isArray(statement)
          ? { sql: statement[0], args: statement[1] ?? [] }
          : statement;
    const plan = await db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args });
    plans.push(plan.rows.map((row) => String(row.detail)).join(' | '));
  }
  return plans;
}
