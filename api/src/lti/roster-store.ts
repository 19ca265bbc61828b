// Keeps each course's roster fresh enough (SPEC §15): read from the LMS at most once every 10 minutes (on demand at
// most once a minute), by one reader per course however many ask and however many processes serve them, and a read
// that fails leaves what is stored.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { type Database, writeAtomically } from '../db/client.ts';
import { courseRosters, ltiCourseServices } from '../db/schema.ts';
import { releaseClaim, type StoredMember, seenInCourse, storeRoster } from '../domain/roster-members.ts';
import type { PlatformFetch } from './platform-fetch.ts';
import { readMemberships } from './roster.ts';
import type { ServiceToken } from './services.ts';

/** A stored roster is read again once it is this old. */
export const ROSTER_MAX_AGE_MS = 10 * 60_000;
/** `?refresh=1` reads again once the stored roster is this old. */
export const ROSTER_REFRESH_MS = 60_000;
/** How long a reader holds its claim: longer than the slowest read (a token and 50 pages of 10 s each). */
export const ROSTER_CLAIM_MS = 10 * 60_000;

/** Where a course's roster comes from: its LMS's roster service, or else the users the tool has seen. */
export type RosterSource = 'lti' | 'none';

/** The course's source and when its roster was last read (null when it never was). */
export interface RosterFreshness {
  source: RosterSource;
  readAt: string | null;
}

/** Brings a course's stored roster up to date when a read is due; resolves when it is (or the read failed). */
export type RosterKeeper = (courseId: string, refresh: boolean, now: Date) => Promise<RosterFreshness>;

/** A keeper for one process: a read under way in it is awaited by every other caller in it for the same course. */
export function rosterKeeper({
  db,
  fetchPlatform,
  serviceToken,
}: {
  db: Database;
  fetchPlatform: PlatformFetch;
  serviceToken: ServiceToken;
}): RosterKeeper {
  const reading = new Map<string, Promise<void>>();

  /** Claims the read, as one conditional statement: only one caller in all processes gets it. */
  async function claimRead(courseId: string, source: RosterSource, refresh: boolean, now: Date): Promise<string | undefined> {
    const claim = randomUUID();
    const at = now.toISOString();
    const staleBefore = new Date(now.getTime() - (refresh ? ROSTER_REFRESH_MS : ROSTER_MAX_AGE_MS)).toISOString();
    const until = new Date(now.getTime() + ROSTER_CLAIM_MS).toISOString();
    const [result] = await writeAtomically(db, [
      db
        .insert(courseRosters)
        .values({ courseId, source, attemptedAt: at, claim, claimUntil: until })
        .onConflictDoUpdate({
          target: courseRosters.courseId,
          // A roster gathered from another source was never read from this one.
          set: {
            source,
            attemptedAt: at,
            claim,
            claimUntil: until,
            readAt: sql`CASE WHEN ${courseRosters.source} = ${source} THEN ${courseRosters.readAt} END`,
          },
          setWhere: sql`(${courseRosters.claimUntil} IS NULL OR ${courseRosters.claimUntil} <= ${at})
            AND (${courseRosters.source} <> ${source} OR ${courseRosters.attemptedAt} <= ${staleBefore})`,
        }),
    ]);
    return result.rowsAffected === 1 ? claim : undefined;
  }

  async function read(courseId: string, source: RosterSource, refresh: boolean, now: Date): Promise<void> {
    const claim = await claimRead(courseId, source, refresh, now);
    if (!claim) return;
    try {
      const members: StoredMember[] | undefined =
        source === 'lti'
          ? await readMemberships({ db, fetchPlatform, serviceToken }, courseId, now)
          : await seenInCourse(db, courseId);
      if (members) await storeRoster(db, courseId, claim, members, now);
      else await releaseClaim(db, courseId, claim);
    } catch (error) {
      console.warn(`The roster of ${courseId} was not read: ${error instanceof Error ? error.message : String(error)}`);
      await releaseClaim(db, courseId, claim).catch(() => undefined);
    }
  }

  return async (courseId, refresh, now) => {
    const [[services], [state]] = await Promise.all([
      db
        .select({ url: ltiCourseServices.membershipsUrl })
        .from(ltiCourseServices)
        .where(eq(ltiCourseServices.courseId, courseId)),
      db.select().from(courseRosters).where(eq(courseRosters.courseId, courseId)),
    ]);
    const source: RosterSource = services?.url ? 'lti' : 'none';
    const age = refresh ? ROSTER_REFRESH_MS : ROSTER_MAX_AGE_MS;
    const due = !state || state.source !== source || Date.parse(state.attemptedAt) <= now.getTime() - age;
    let readAt = state?.source === source ? state.readAt : null;
    if (due) {
      let running = reading.get(courseId);
      if (!running) {
        running = read(courseId, source, refresh, now).finally(() => reading.delete(courseId));
        reading.set(courseId, running);
      }
      await running;
      const [after] = await db
        .select({ readAt: courseRosters.readAt })
        .from(courseRosters)
        .where(eq(courseRosters.courseId, courseId));
      readAt = after?.readAt ?? null;
    }
    return { source, readAt: source === 'lti' ? readAt : null };
  };
}
