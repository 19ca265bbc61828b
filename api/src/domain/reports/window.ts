// What every report of a course shares: who may read it, and the window of sessions it covers.
import { and, eq, gt, lt, type SQL, sql } from 'drizzle-orm';
import { sessionRequests as r } from '../../db/schema.ts';
import { addMs, DAY_MS } from '../clock.ts';
import { DomainError, invalidField } from '../errors.ts';
import { membership, type User } from '../identity.ts';
import { MAX_SLOT_MS } from '../limits.ts';
import { after, type Cursor } from '../pages.ts';
import type { TimeWindow } from '../views.ts';

/** A window given without `from` starts this many days before now. */
export const REPORT_DAYS_BACK = 365;
/** A window given without `to` ends this many days after now. */
export const REPORT_DAYS_AHEAD = 366;
/** The longest window a report covers: as long as the default one. */
export const MAX_REPORT_DAYS = REPORT_DAYS_BACK + REPORT_DAYS_AHEAD;

/** A report's window with both ends known: sessions overlapping [from, to). */
export interface ReportWindow {
  from: string;
  to: string;
}

/** The window a query asks for, each missing end defaulted around `now`; refused when empty or too long. */
export function reportWindow(query: TimeWindow, now: Date): ReportWindow {
  const at = now.toISOString();
  const from = query.from ?? addMs(at, -REPORT_DAYS_BACK * DAY_MS);
  const to = query.to ?? addMs(at, REPORT_DAYS_AHEAD * DAY_MS);
  if (to <= from) throw query.to ? invalidField('to', 'Must be after from') : invalidField('from', 'Must be before to');
  if (Date.parse(to) - Date.parse(from) > MAX_REPORT_DAYS * DAY_MS)
    throw invalidField(query.to ? 'to' : 'from', `A report covers at most ${MAX_REPORT_DAYS} days`);
  return { from, to };
}

/** A report is for the course's educators alone. */
export function assertCourseEducator(user: User, courseId: string): void {
  if (!membership(user, courseId, 'educator'))
    throw new DomainError('forbidden', 'Only an educator of this course can read its reports.');
}

/** Keys of the index's order (start, id) that narrow a window's range: rows after one, up to and including another. */
export interface KeyRange {
  after?: Cursor;
  through?: Cursor;
}

/**
 * The course's requests whose session overlaps the window, or the part of them in `keys`: one range of
 * `requests_course_report`. Unless a key bounds it, the range starts at the window's start less the longest
 * session, so that the end is checked only on the rows that may overlap, and ends at the window's end. A key
 * replaces the bound it narrows, so that the index range itself, not a filter over it, is what gets narrower.
 */
export function courseWindow(courseId: string, { from, to }: ReportWindow, keys: KeyRange = {}): SQL | undefined {
  const lower = keys.after ? after(keys.after, r.startsAt, r.id) : gt(r.startsAt, addMs(from, -MAX_SLOT_MS));
  const upper = keys.through ? sql`(${r.startsAt}, ${r.id}) <= (${keys.through.key}, ${keys.through.id})` : lt(r.startsAt, to);
  return and(eq(r.courseId, courseId), lower, upper, gt(r.endsAt, from));
}
