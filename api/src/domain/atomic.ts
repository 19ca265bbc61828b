// Optimistic writes: read, check the rules, then one conditional batch that the database refuses
// if the state changed in between; a refused batch is planned again from a fresh read.
import { randomUUID } from 'node:crypto';
import type { ResultSet } from '@libsql/client';
import { type Database, isUniqueViolation, type Statement, writeAtomically } from '../db/client.ts';
import { DomainError } from './errors.ts';

const ATTEMPTS = 5;

/**
 * Applies a change as one atomic batch whose first statement claims the row it changes (or the `claims` rows it
 * makes, all or none). `plan` reads, checks the rules (throwing the error the state calls for) and returns the
 * batch. If the claim finds the state changed since the read, or a unique index refuses it, the change is
 * planned again, so a lost race ends as the rule error of the new state (booked, decided, overlap, limit).
 */
export async function applyChange(db: Database, plan: () => Promise<Statement[]>, claims = 1): Promise<ResultSet[]> {
  for (let tries = 0; tries < ATTEMPTS; tries++) {
    try {
      const results = await writeAtomically(db, await plan());
      if (results[0].rowsAffected === claims) return results;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new DomainError('invalid_state', 'This changed while it was being saved; please try again.');
}

/** A new opaque id, also used to mark the rows one write touched. */
export const newId = (): string => randomUUID();
