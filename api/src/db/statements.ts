// SQL shapes drizzle's builders lack: a conditional INSERT ... SELECT ... WHERE.
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * Inserts one row only if `condition` holds when the statement runs, so a check and its
 * write cannot be separated by another writer.
 */
export function insertWhere<T extends SQLiteTable>(table: T, values: T['$inferInsert'], condition: SQL): SQL {
  const columns = getTableColumns(table);
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  const names = entries.map(([key]) => sql.identifier(columns[key].name));
  const params = entries.map(([, value]) => sql`${value}`);
  return sql`INSERT INTO ${table} (${sql.join(names, sql`, `)}) SELECT ${sql.join(params, sql`, `)} WHERE ${condition}`;
}
