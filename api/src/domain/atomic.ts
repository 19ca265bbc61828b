// Optimistic writes: read, check the rules, then one conditional batch that the database refuses
// if the state changed in between; a refused batch is retried from a fresh read.
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../db/client.ts';
import { DomainError } from './errors.ts';

/** Returned by an attempt whose conditional batch changed nothing. */
export const CHANGED_MEANWHILE = Symbol('changed meanwhile');

const ATTEMPTS = 5;

/**
 * Runs `attempt` until it settles. Each attempt re-reads and re-checks, so a lost race ends
 * as the rule error the new state calls for (already booked, already decided, overlap).
 */
export async function settle<T>(attempt: () => Promise<T | typeof CHANGED_MEANWHILE>): Promise<T> {
  for (let tries = 0; tries < ATTEMPTS; tries++) {
    try {
      const result = await attempt();
      if (result !== CHANGED_MEANWHILE) return result;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new DomainError('invalid_state', 'This changed while it was being saved; please try again.');
}

/** A new opaque id, also used to mark the rows one write touched. */
export const newId = (): string => randomUUID();
