// Opens the libSQL database (file, memory or remote), applies migrations, and runs atomic writes.
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import {
  type Client,
  createClient,
  type InArgs,
  type InStatement,
  type InValue,
  LibsqlError,
  type ResultSet,
} from '@libsql/client';
import { is, SQL } from 'drizzle-orm';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { migrationsFolder } from '../paths.ts';
import * as schema from './schema.ts';

export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

/** How long a local file connection waits for another process's write lock. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a database by libSQL URL. Local files get WAL so readers never block the writer. With `latencyMs` (by default
 * the environment's `DB_LATENCY_MS`), every call to the database takes that much longer, as it would over a network.
 */
export async function openDatabase(
  url: string,
  authToken?: string,
  latencyMs = Number(process.env.DB_LATENCY_MS ?? 0),
): Promise<Database> {
  const client = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS });
  if (client.protocol === 'file') {
    if (!url.includes(':memory:')) await client.execute('PRAGMA journal_mode = WAL');
    yieldBeforeEachStatement(client);
  }
  if (latencyMs > 0) delayEachCall(client, latencyMs);
  return drizzle(client, { schema }) as Database;
}

/**
 * A remote database (sqld, Turso) adds a round trip to every statement: half of `ms` before the call reaches the
 * database, half before its answer is back, so that other work interleaves at both ends as it would. For tests
 * (`DB_LATENCY_MS`): the cache, the outbox and the guards must hold when the database is far away. The wait is Node's
 * own timer, which a test's fake clock does not hold still.
 */
export function delayEachCall(client: Client, ms: number, wait: () => Promise<unknown> = () => sleep(ms / 2)): void {
  for (const name of ['execute', 'batch', 'executeMultiple', 'migrate'] as const) {
    const call = (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client);
    (client as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      await wait();
      try {
        return await call(...args);
      } finally {
        await wait();
      }
    };
  }
}

/**
 * A local database (a file, or memory) runs each statement synchronously on this thread, and its promise settles
 * at once: a request's whole chain of statements would run in one turn of the event loop, holding every other
 * request up for all of it. Each statement first lets the loop turn, so others wait at most for one statement.
 */
function yieldBeforeEachStatement(client: Client): void {
  const execute = client.execute.bind(client);
  const batch = client.batch.bind(client);
  client.execute = async (statement: InStatement | string, args?: InArgs) => {
    await nextTurn();
    return typeof statement === 'string' ? execute(statement, args) : execute(statement);
  };
  client.batch = async (...args: Parameters<Client['batch']>) => {
    await nextTurn();
    return batch(...args);
  };
}

/** Applies the committed drizzle-kit migrations. Safe to call from several processes at once. */
export async function migrateDatabase(db: Database): Promise<void> {
  const run = () => retryWhileBusy(() => migrate(db, { migrationsFolder }));
  try {
    await run();
  } catch {
    // Another process may have applied the same migration between our check and our write:
    // a second pass then finds it recorded and does nothing (or fails for a real reason).
    await run();
  }
}

/** A statement for `writeAtomically`: a drizzle query builder or raw `sql`. */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

const dialect = new SQLiteAsyncDialect();

function toLibsql(statement: Statement) {
  const query = is(statement, SQL) ? dialect.sqlToQuery(statement) : statement.toSQL();
  return { sql: query.sql, args: query.params as InValue[] };
}

/**
 * Runs statements as one atomic batch under the database's write lock (`BEGIN IMMEDIATE`
 * locally, one request remotely), so conditional statements see no interleaved writer.
 * A busy database is waited for and retried, never reported to the caller as an error.
 */
export async function writeAtomically(db: Database, statements: Statement[]): Promise<ResultSet[]> {
  const batch = statements.map(toLibsql);
  const results = await retryWhileBusy(() => db.$client.batch(batch, 'write'));
  for (const listener of commitListeners.get(db) ?? []) listener();
  return results;
}

const commitListeners = new WeakMap<Database, Set<() => void>>();

/** Calls `listener` after each atomic write this process commits to `db`; returns the unsubscribe function. */
export function onCommit(db: Database, listener: () => void): () => void {
  const listeners = commitListeners.get(db) ?? new Set();
  commitListeners.set(db, listeners.add(listener));
  return () => listeners.delete(listener);
}

const BUSY_RETRIES = 20;

async function retryWhileBusy<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || attempt >= BUSY_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof LibsqlError && /BUSY|LOCKED/.test(`${error.code} ${error.extendedCode ?? ''}`);
}

/** True when a write broke a unique index: another writer won the race. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof LibsqlError && /CONSTRAINT/.test(`${error.code} ${error.extendedCode ?? ''}`);
}
