// The fields of a course's booking rules (policy-rules.ts), each with its label and, where the label alone would
// not say what the number does, a hint.
import { msg, type Say } from '../internal/localize.ts';

/** Each field (a key of the contract's POLICY_RANGES), its label, and a hint where the label alone would not say what the number does. */
export const FIELDS: [string, Say, Say?][] = [
  ['minNoticeMinutes', () => msg('Minimum notice to book (minutes)')],
  ['maxDaysAhead', () => msg('Days ahead students can book')],
  ['cancelNoticeMinutes', () => msg('Latest a student can cancel or move (minutes before)')],
  ['maxPendingPerStudent', () => msg('Requests awaiting approval per student')],
  ['maxUpcomingPerStudent', () => msg('Upcoming sessions per student (blank: no limit)')],
  ['attendanceGoal', () => msg('Attendance goal'), () => msg('Sessions attended for full marks in the LMS gradebook')],
];
