// What a course's stored roster holds (SPEC §15): its members replaced as one batch, their emails kept as contacts
// where none is known, and, for a course with no roster service, the users the tool has seen in it.
import { and, eq, sql } from 'drizzle-orm';
import { type Database, writeAtomically } from '../db/client.ts';
import { courseRosters } from '../db/schema.ts';
import { newId } from './atomic.ts';

/** A member as the roster stores it. */
export interface StoredMember {
  userId: string;
  name: string | null;
  email?: string;
  role: 'educator' | 'student' | 'other';
}

/** The most members a course without a roster service lists (as many as a roster read keeps). */
export const MAX_SEEN_MEMBERS = 50_000;

/**
 * The key a roster is ordered by: the name without case or accents ("Élodie" beside "elodie"), nameless members
 * after every named one. At most 128 characters, as a cursor carries it.
 */
export function sortKeyOf(name: string | null): string {
  if (!name) return '1';
  const folded = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const key = `0${folded}`.slice(0, 128);
  return /[\uD800-\uDBFF]$/.test(key) ? key.slice(0, -1) : key;
}

/**
 * Stores `members` as the course's roster, read under `claim`, as one batch: the claim is released and the read's
 * time kept only if the claim is still the reader's, and the later statements take effect only then. Emails go to
 * the contacts of users the tool knows no address for (a launch's or a token's is never overwritten, nor is whether
 * they want email). Returns whether it was stored.
 */
export async function storeRoster(
  db: Database,
  courseId: string,
  claim: string,
  members: StoredMember[],
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const rows = JSON.stringify(members.map((m) => [m.userId, sortKeyOf(m.name), m.name, m.email ?? null, m.role]));
  // This write's own mark: found in place only if its first statement took effect.
  const op = newId();
  const mine = sql`(SELECT op FROM course_rosters WHERE course_id = ${courseId}) = ${op}`;
  const [released] = await writeAtomically(db, [
    db
      .update(courseRosters)
      .set({ readAt: at, claim: null, claimUntil: null, op })
      .where(and(eq(courseRosters.courseId, courseId), eq(courseRosters.claim, claim))),
    sql`DELETE FROM course_roster_members WHERE course_id = ${courseId} AND ${mine}`,
    sql`INSERT INTO course_roster_members (course_id, user_id, sort_key, name, email, role)
      SELECT ${courseId}, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
        json_extract(value, '$[3]'), json_extract(value, '$[4]')
      FROM json_each(${rows}) WHERE ${mine}`,
    sql`INSERT INTO user_contacts (user_id, email, name, updated_at)
      SELECT json_extract(value, '$[0]'), json_extract(value, '$[3]'), json_extract(value, '$[2]'), ${at}
      FROM json_each(${rows}) WHERE json_extract(value, '$[3]') IS NOT NULL AND ${mine}
      ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, updated_at = excluded.updated_at
      WHERE user_contacts.email IS NULL`,
  ]);
  return released.rowsAffected === 1;
}

/** Releases a claim whose read failed: what is stored stays, and the next read waits for the schedule. */
export async function releaseClaim(db: Database, courseId: string, claim: string): Promise<void> {
  await writeAtomically(db, [
    db
      .update(courseRosters)
      .set({ claim: null, claimUntil: null })
      .where(and(eq(courseRosters.courseId, courseId), eq(courseRosters.claim, claim))),
  ]);
}

/**
 * The users the tool has seen in a course: the students of its requests and the educators of its live slots (an
 * educator is an educator, however else they were seen), named as their latest token or launch named them, else as
 * their requests or slots did.
 */
export async function seenInCourse(db: Database, courseId: string): Promise<StoredMember[]> {
  const rows = await db.all<{ userId: string; name: string | null; educator: number }>(sql`
    SELECT seen.user_id AS userId, coalesce(max(contact.name), max(seen.name)) AS name, max(seen.educator) AS educator
    FROM (
      SELECT student_id AS user_id, student_name AS name, 0 AS educator FROM session_requests WHERE course_id = ${courseId}
      UNION ALL
      SELECT educator_id, educator_name, 1 FROM slots WHERE course_id = ${courseId} AND deleted_at IS NULL
    ) AS seen
    LEFT JOIN user_contacts AS contact ON contact.user_id = seen.user_id
    GROUP BY seen.user_id
    LIMIT ${MAX_SEEN_MEMBERS}`);
  return rows.map((row) => ({ userId: row.userId, name: row.name, role: row.educator ? 'educator' : 'student' }));
}
