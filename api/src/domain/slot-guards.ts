// The guards every new or moved slot passes, written once as SQL that a write re-checks in its conditional statement
// and a read uses to pick the error: the educator's slot limit (SPEC §18), then no overlap with their other live
// slots (SPEC §6, §9). Each reads a bounded range of the educator's index of live slots, never their history.
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { slots as s } from '../db/schema.ts';
import { holds } from '../db/statements.ts';
import { DomainError } from './errors.ts';
import { SLOT_MINUTES } from './limits.ts';

/** A span of time, as ISO strings. */
export interface Span {
  startsAt: string;
  endsAt: string;
}

/**
 * The educator's live slots that have not started at `now` leave room for `count` more under `limit`. The count
 * stops at `limit` rows of the index, however many slots the educator has ever had.
 */
export const roomFor = (educatorId: string, count: number, now: string, limit: number): SQL =>
  sql`(SELECT count(*) FROM (SELECT 1 FROM ${s} WHERE ${s.educatorId} = ${educatorId} AND ${s.deletedAt} IS NULL
    AND ${s.startsAt} > ${now} LIMIT ${limit})) + ${count} <= ${limit}`;

/** Throws `slot_limit` unless the educator has room for `count` more live slots (checked before any overlap). */
export async function requireRoom(db: Database, educatorId: string, count: number, now: string, limit: number): Promise<void> {
  if (!(await holds(db, roomFor(educatorId, count, now, limit)))) {
    throw new DomainError(
      'slot_limit',
      `An educator holds at most ${limit} upcoming slots: delete some, or wait until some have started.`,
    );
  }
}

/**
 * Another live slot of the educator, other than `exceptId`, shares time with [startsAt, endsAt), given as SQL values
 * (parameters, or the columns of an outer row). A slot lasts at most SLOT_MINUTES.max, so only slots starting within
 * that much before `startsAt` can reach into it: the index range starts there.
 */
const sharesTime = (educatorId: string, startsAt: SQL, endsAt: SQL, exceptId = '') =>
  sql`EXISTS (SELECT 1 FROM ${s} WHERE ${s.educatorId} = ${educatorId} AND ${s.deletedAt} IS NULL
    AND ${s.startsAt} > strftime('%Y-%m-%dT%H:%M:%fZ', ${startsAt}, ${`-${SLOT_MINUTES.max} minutes`})
    AND ${s.startsAt} < ${endsAt} AND ${s.endsAt} > ${startsAt} AND ${s.id} <> ${exceptId})`;

/** Another live slot of the educator, other than `exceptId`, shares time with `span`. */
export const overlapsSpan = (educatorId: string, span: Span, exceptId?: string): SQL =>
  sharesTime(educatorId, sql`${span.startsAt}`, sql`${span.endsAt}`, exceptId);

/** The spans as one JSON parameter. */
const asJson = (spans: Span[]) => JSON.stringify(spans.map(({ startsAt, endsAt }) => ({ startsAt, endsAt })));

/** The spans of `planned` (a JSON array of spans, bound once) that share time with a live slot of the educator. */
const colliding = (educatorId: string, planned: string) =>
  sql`FROM json_each(${planned}) AS planned WHERE ${sharesTime(
    educatorId,
    sql`json_extract(planned.value, '$.startsAt')`,
    sql`json_extract(planned.value, '$.endsAt')`,
  )}`;

/** One of `spans` shares time with a live slot of the educator: one probe of the index per span, in one statement. */
export const overlapsAny = (educatorId: string, spans: Span[]): SQL =>
  sql`EXISTS (SELECT 1 ${colliding(educatorId, asJson(spans))})`;

/** The spans that share time with a live slot of the educator, in their order. */
export function collisions(db: Database, educatorId: string, spans: Span[]): Promise<Span[]> {
  return db.all<Span>(
    sql`SELECT json_extract(planned.value, '$.startsAt') AS startsAt, json_extract(planned.value, '$.endsAt') AS endsAt
      ${colliding(educatorId, asJson(spans))} ORDER BY planned.key`,
  );
}
