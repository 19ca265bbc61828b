// Seeds a benchmark database: `requests` session requests on `requests / 2` slots, a tenth of them on one
// educator's slots ("educator-0"); courses of about 50 slots (at most 200 courses) and students of about 20
// requests (at most 50,000), so that the measured course and student have full pages at every size; times
// from a year ago to a year ahead, every status present. Written by SQL, one statement per table.
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';

export const BUSY_EDUCATOR = 'educator-0';
export const BUSY_STUDENT = 'student-0';
export const COURSE = 'course-0';

/** Bump when the seeded data changes, so that cached benchmark databases are made again. */
export const SEED_VERSION = 2;

export async function seedBench(db: Database, requests: number, now: Date): Promise<void> {
  const slots = Math.max(1, Math.floor(requests / 2));
  const courses = Math.max(1, Math.min(200, Math.floor(slots / 50)));
  const students = Math.max(1, Math.min(50_000, Math.floor(requests / 20)));
  const base = now.getTime() - 365 * 86_400_000;
  // Slot k starts k * step after a year ago, so they spread evenly over two years; 30 minutes each.
  const step = Math.floor((730 * 86_400_000) / slots);
  const iso = (ms: string) => sql.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', (${ms}) / 1000.0, 'unixepoch')`);
  await db.run(sql`WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < ${slots - 1})
    INSERT INTO slots (id, course_id, course_title, educator_id, educator_name, starts_at, ends_at, note, created_at, updated_at, op)
    SELECT printf('slot-%08d', k), 'course-' || (k % ${courses}), 'Course ' || (k % ${courses}),
      CASE WHEN k % 10 = 0 THEN ${BUSY_EDUCATOR} ELSE 'educator-' || (1 + k % 999) END, 'Educator',
      ${iso(`${base} + k * ${step}`)}, ${iso(`${base} + k * ${step} + 1800000`)}, NULL,
      ${iso(`${base} + k * ${step} - 86400000`)}, ${iso(`${base} + k * ${step} - 86400000`)}, 'seed'
    FROM n`);
  await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${requests - 1})
    INSERT INTO session_requests (id, slot_id, course_id, course_title, educator_id, educator_name, student_id, student_name,
      starts_at, ends_at, message, status, meeting_link, rejection_reason, decided_at, created_at, updated_at, op)
    SELECT printf('req-%08d', i), s.id, s.course_id, s.course_title, s.educator_id, s.educator_name,
      'student-' || (i % ${students}), 'Student', s.starts_at, s.ends_at, 'Could we go over the last exercise?',
      CASE i % 4 WHEN 0 THEN 'approved' WHEN 1 THEN 'pending' WHEN 2 THEN 'rejected' ELSE 'cancelled' END,
      CASE WHEN i % 4 = 0 THEN 'https://meet.example.com/' || i END,
      CASE WHEN i % 4 = 2 THEN 'Away that week' END,
      CASE WHEN i % 4 IN (0, 2) THEN s.created_at END,
      s.created_at, s.created_at, 'seed'
    FROM n JOIN slots AS s ON s.id = printf('slot-%08d', i / 2 % ${slots})`);
}
