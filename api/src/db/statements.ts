// SQL shapes drizzle's builders lack: conditional INSERT ... SELECT ... WHERE, of one row or of many, and a read
// of one condition.
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from './client.ts';

const definedEntries = (values: object) => Object.entries(values).filter(([, value]) => value !== undefined);

/**
 * Inserts one row only if `condition` holds when the statement runs, so a check and its
 * write cannot be separated by another writer.
 */
export function insertWhere<T extends SQLiteTable>(table: T, values: T['$inferInsert'], condition: SQL): SQL {
  const columns = getTableColumns(table);
  const entries = definedEntries(values);
  const names = entries.map(([key]) => sql.identifier(columns[key].name));
  const params = entries.map(([, value]) => sql`${value}`);
  return sql`INSERT INTO ${table} (${sql.join(names, sql`, `)}) SELECT ${sql.join(params, sql`, `)} WHERE ${condition}`;
}

/**
 * Inserts one row for each element of `each`, which holds the columns `K` of that row (`common` holds the others),
 * only if `condition` holds when the statement runs: all the rows or none, in one short statement whatever their
 * number, since the rows travel as one JSON parameter. `condition` must not depend on the row: SQLite judges it on
 * the table as it was before the statement (a statement that reads the table it fills computes its rows first).
 */
export function insertEachWhere<T extends SQLiteTable, K extends keyof T['$inferInsert'] & string>(
  table: T,
  common: Omit<T['$inferInsert'], K>,
  each: Pick<T['$inferInsert'], K>[],
  condition: SQL,
): SQL {
  const columns = getTableColumns(table);
  const shared = definedEntries(common);
  const own = Object.keys(each[0] ?? {});
  const names = [...shared.map(([key]) => key), ...own].map((key) => sql.identifier(columns[key].name));
  const values = [...shared.map(([, value]) => sql`${value}`), ...own.map((key) => sql`json_extract(made.value, ${`$.${key}`})`)];
  return sql`INSERT INTO ${table} (${sql.join(names, sql`, `)}) SELECT ${sql.join(values, sql`, `)}
    FROM json_each(${JSON.stringify(each)}) AS made WHERE ${condition}`;
}

/** Whether `condition` holds now, read in one statement. */
export async function holds(db: Database, condition: SQL): Promise<boolean> {
  const row = await db.get<{ found: number }>(sql`SELECT ${condition} AS found`);
  return Boolean(row?.found);
}
