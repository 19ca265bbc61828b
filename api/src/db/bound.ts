// Statements compiled once, with placeholders, and bound at each run: a hot write builds no SQL per request.
import { fillPlaceholders, is, SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type { Statement } from './client.ts';

const dialect = new SQLiteAsyncDialect();

/** A statement's SQL text and its parameters, placeholders among them. */
export interface Compiled {
  readonly sql: string;
  readonly params: unknown[];
}

/** Compiles a statement (raw `sql`, a query builder, or a prepared query's `getQuery`) once. */
export function compile(statement: Statement | { getQuery(): { sql: string; params: unknown[] } }): Compiled {
  if ('getQuery' in statement) return statement.getQuery();
  return is(statement, SQL) ? dialect.sqlToQuery(statement) : statement.toSQL();
}

/** The statement with its placeholders filled from `values`, for `writeAtomically`. */
export function bind({ sql, params }: Compiled, values: Record<string, unknown>): Statement {
  const filled = fillPlaceholders(params, values);
  return { toSQL: () => ({ sql, params: filled }) };
}
