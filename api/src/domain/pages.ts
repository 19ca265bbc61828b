// Keyset pagination: every list has a stable order broken by `id`, and its opaque cursor names the last
// item of the page, so a page never skips or repeats an item while items are added between pages.
import { type AnyColumn, type Placeholder, type SQL, sql } from 'drizzle-orm';

/** Where a page starts: after the item with this sort key and id. */
export interface Cursor {
  key: string;
  id: string;
}

export interface PageQuery {
  limit: number;
  cursor?: Cursor;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

/** The cursor a client sent back, or undefined when it is not one this API made. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string' && part.length <= 128)) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // Not base64url JSON: not ours.
  }
  return undefined;
}

/**
 * The rows after the cursor in the order `(key, id)` ascending, or descending with `descending`. The cursor's
 * parts may be placeholders of a prepared statement.
 */
export function after(
  cursor: { key: string | Placeholder; id: string | Placeholder } | undefined,
  key: AnyColumn,
  id: AnyColumn,
  descending = false,
): SQL | undefined {
  if (!cursor) return undefined;
  return descending ? sql`(${key}, ${id}) < (${cursor.key}, ${cursor.id})` : sql`(${key}, ${id}) > (${cursor.key}, ${cursor.id})`;
}

/**
 * A page from rows read with `limit + 1` (from one query, or several merged): the extra row only tells
 * that there is more. `keyOf` gives the sort key of an item.
 */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, keyOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ key: keyOf(last), id: last.id }) : null };
}
