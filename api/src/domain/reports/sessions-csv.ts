// `GET /api/courses/:courseId/sessions.csv`: every request of a course whose session overlaps a window, by start,
// streamed a keyset page at a time as the client reads, so memory stays the same whatever the row count.
import { asc, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { sessionRequests as r } from '../../db/schema.ts';
import type { User } from '../identity.ts';
import type { Cursor } from '../pages.ts';
import { requestColumns, type TimeWindow } from '../views.ts';
import { csvRow } from './csv.ts';
import type { ExportGate } from './export-gate.ts';
import { assertCourseEducator, courseWindow, type ReportWindow, reportWindow } from './window.ts';

/** The columns, in order. */
export const SESSIONS_CSV_COLUMNS = [
  'id',
  'startsAt',
  'endsAt',
  'status',
  'attended',
  'studentId',
  'studentName',
  'educatorId',
  'educatorName',
  'message',
  'rejectionReason',
  'cancellationReason',
  'createdAt',
  'decidedAt',
] as const;

type Column = (typeof SESSIONS_CSV_COLUMNS)[number];
const [ID, STARTS_AT] = [SESSIONS_CSV_COLUMNS.indexOf('id'), SESSIONS_CSV_COLUMNS.indexOf('startsAt')];

/** Rows read by one query: a page is encoded and handed to the client before the next is read. */
export const CSV_PAGE_ROWS = 1000;

/**
 * The cells of a row at `now`, by column: the request's fields as the API reports them, each text or null (attendance
 * as `true` or `false`), so that a row is read as a plain array, with no object made for it.
 */
function cellsAt(now: string) {
  const view = requestColumns(now);
  const attended = sql<string | null>`CASE ${r.attended} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
  const cells = SESSIONS_CSV_COLUMNS.map((name) => [name, name === 'attended' ? attended : view[name]]);
  return Object.fromEntries(cells) as Pick<typeof view, Exclude<Column, 'attended'>> & { attended: typeof attended };
}

/** One page of the CSV's rows after `cursor`, read at `now`: a range of `requests_course_report`, in its order. */
export function sessionsPage(db: Database, courseId: string, window: ReportWindow, now: string, cursor?: Cursor) {
  return db
    .select(cellsAt(now))
    .from(r)
    .where(courseWindow(courseId, window, { after: cursor }))
    .orderBy(asc(r.startsAt), asc(r.id))
    .limit(CSV_PAGE_ROWS);
}

/** What else an export answers to: the request's abort, and the gate that bounds one user's exports at once. */
export interface ExportOptions {
  signal?: AbortSignal;
  gate?: ExportGate;
}

/**
 * The CSV of a course's sessions for one of its educators, as a stream that reads a page each time its reader
 * wants more (a slow client reads the database as slowly), and stops reading once cancelled or `signal` aborts.
 * The window, the caller and the gate are checked before anything is read.
 */
export function exportSessionsCsv(
  db: Database,
  user: User,
  courseId: string,
  query: TimeWindow,
  now: Date,
  { signal, gate }: ExportOptions = {},
): ReadableStream<Uint8Array> {
  const window = reportWindow(query, now);
  assertCourseEducator(user, courseId);
  const leave = gate?.enter(user.id) ?? (() => {});
  const at = now.toISOString();
  const encoder = new TextEncoder();
  let cursor: Cursor | undefined;
  let text = csvRow(SESSIONS_CSV_COLUMNS);
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (signal?.aborted) throw signal.reason;
        const rows = (await sessionsPage(db, courseId, window, at, cursor).values()) as ArrayLike<string | null>[];
        if (cancelled) return;
        for (const row of rows) text += csvRow(row);
        if (text) controller.enqueue(encoder.encode(text));
        text = '';
        const last = rows.at(-1);
        if (rows.length === CSV_PAGE_ROWS && last) cursor = { key: String(last[STARTS_AT]), id: String(last[ID]) };
        else {
          leave();
          controller.close();
        }
      } catch (error) {
        leave();
        controller.error(error);
      }
    },
    cancel() {
      cancelled = true;
      leave();
    },
  });
}
