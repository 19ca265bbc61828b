// Optimistic writes: read, check the rules, then one conditional batch that the database refuses
// if the state changed in between; a refused batch is planned again from a fresh read.
import { randomUUID } from 'node:crypto';
import type { ResultSet } from '@libsql/client';
import { type Database, isUniqueViolation, type Statement, writeAtomically } from '../db/client.ts';
import { DomainError } from './errors.ts';

const ATTEMPTS = 5;

/** What a plan gives: the batch to apply, and whatever else the plan read that its caller needs afterwards. */
export interface Plan {
  batch: Statement[];
  /** The rows the first statement must claim, all or none (one by default). */
  claims?: number;
}

/**
 * Applies a change as one atomic batch whose first statement claims the row it changes (or the `claims` rows it
 * makes, all or none), and returns the plan that was applied with the batch's results. `plan` reads, checks the
 * rules (throwing the error the state calls for) and returns the batch. If the claim finds the state changed since
 * the read, or a unique index refuses it, the change is planned again, so a lost race ends as the rule error of the
 * new state (booked, decided, overlap, limit).
 */
export async function applyChange<P extends Plan>(db: Database, plan: () => Promise<P>): Promise<P & { results: ResultSet[] }> {
  for (let tries = 0; tries < ATTEMPTS; tries++) {
    try {
      const planned = await plan();
      const results = await writeAtomically(db, planned.batch);
      if (results[0].rowsAffected === (planned.claims ?? 1)) return { ...planned, results };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new DomainError('invalid_state', 'This changed while it was being saved; please try again.');
}

/** A drizzle query as prepared: its SQL, and how drizzle maps a result of it read in a batch. */
interface Prepared {
  getQuery(): { sql: string; params: unknown[] };
  mapGetResult(result: unknown, isFromBatch: true): unknown;
}

/** A read that runs as the last statement of a change's batch, and the row it reads from the batch's results. */
export interface BatchRead<T> {
  statement: Statement;
  /** The row the read found, mapped as drizzle maps it; undefined when it found none. */
  rowOf(results: ResultSet[]): T | undefined;
}

/**
 * A read to put last in a change's batch: it sees what the batch's writes left, in the same transaction, and costs
 * no round trip of its own (a statement after the write would).
 */
export function readInBatch<T>(query: { prepare(): Prepared }): BatchRead<T> {
  const prepared = query.prepare();
  const { sql, params } = prepared.getQuery();
  return {
    statement: { toSQL: () => ({ sql, params }) },
    rowOf: (results) => prepared.mapGetResult(results[results.length - 1], true) as T | undefined,
  };
}

/** A row read back after its own write: it cannot be missing, so its absence is an internal error, not a 404. */
export async function written<T>(read: Promise<T | undefined>): Promise<T> {
  const row = await read;
  if (row === undefined) throw new Error('A row was not found right after it was written.');
  return row;
}

/** A new opaque id, also used to mark the rows one write touched. */
export const newId = (): string => randomUUID();
