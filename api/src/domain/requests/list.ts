// Reading requests: the caller's own as a student, those on their slots as an educator, and one by id. Each
// list reads at most a page and its boundary per stored condition, straight from an index.
import type { SessionRequest } from '@one-on-one/contract/resources';
import type { RequestStatus } from '@one-on-one/contract/vocabulary';
import { and, asc, desc, eq, gt, lt, lte, type SQL } from 'drizzle-orm';
import { sessionRequests as r } from '../../db/schema.ts';
import { addMs } from '../clock.ts';
import { MAX_SLOT_MS } from '../limits.ts';
import { after, type Page, type PageQuery, pageOf } from '../pages.ts';
import { policiesOf, policyOf } from '../policy.ts';
import { awaitingDecision, expiredUndecided } from '../states.ts';
import { selectRequests, type TimeWindow } from '../views.ts';
import { findOwnRequest, type RequestContext, withActions } from './core.ts';

/**
 * The stored conditions that make up a status at `at`, each one range of an index: a list reads one
 * query per condition (more than one only for `rejected`, which includes the expired pending ones) and
 * merges them, so it never reads more rows than a page and its boundary.
 */
function statusConditions(status: RequestStatus | undefined, at: string): (SQL | undefined)[] {
  const endedBy = and(lte(r.startsAt, at), lte(r.endsAt, at));
  switch (status) {
    case undefined:
      return [undefined];
    case 'pending':
      return [awaitingDecision(at)];
    case 'approved':
      // Bounded below by the longest slot, so the index range holds only sessions that may not have ended.
      return [and(eq(r.status, 'approved'), gt(r.startsAt, addMs(at, -MAX_SLOT_MS)), gt(r.endsAt, at))];
    case 'completed':
      return [and(eq(r.status, 'approved'), endedBy)];
    case 'rejected':
      return [eq(r.status, 'rejected'), expiredUndecided(at)];
    case 'cancelled':
      return [eq(r.status, 'cancelled')];
  }
}

const compareKeys = (keyA: string, idA: string, keyB: string, idB: string) =>
  keyA < keyB ? -1 : keyA > keyB ? 1 : idA < idB ? -1 : idA > idB ? 1 : 0;

interface ListShape {
  scope: SQL | undefined;
  status: RequestStatus | undefined;
  order: { key: 'startsAt' | 'createdAt'; descending: boolean };
  page: PageQuery;
}

/** Reads a page of the caller's requests in `scope`, one query per status condition, merged in the list's order. */
async function requestPage(ctx: RequestContext, { scope, status, order, page }: ListShape): Promise<Page<SessionRequest>> {
  const { db, at } = ctx;
  const key = r[order.key];
  const direction = order.descending ? desc : asc;
  const where = and(scope, after(page.cursor, key, r.id, order.descending));
  const parts = await Promise.all(
    statusConditions(status, at).map((condition) =>
      selectRequests(db, at)
        .where(and(where, condition))
        .orderBy(direction(key), direction(r.id))
        .limit(page.limit + 1),
    ),
  );
  const sign = order.descending ? -1 : 1;
  const rows =
    parts.length === 1 ? parts[0] : parts.flat().sort((a, b) => sign * compareKeys(a[order.key], a.id, b[order.key], b.id));
  const { items, nextCursor } = pageOf(rows, page.limit, (item) => item[order.key]);
  const policyOfCourse = await policiesOf(
    db,
    items.map((item) => item.courseId),
    ctx.defaults,
  );
  return { items: items.map((item) => withActions(item, ctx.user.id, at, policyOfCourse(item.courseId))), nextCursor };
}

/** `GET /api/session/my-requests`: the caller's requests as a student, newest first. */
export function listMyRequests(
  ctx: RequestContext,
  query: PageQuery & { status?: RequestStatus },
): Promise<Page<SessionRequest>> {
  return requestPage(ctx, {
    scope: eq(r.studentId, ctx.user.id),
    status: query.status,
    order: { key: 'createdAt', descending: true },
    page: query,
  });
}

/**
 * `GET /api/session/educator/requests`: by session start, the latest first with `order: 'desc'`; `from`/`to` keep the
 * sessions overlapping that window.
 */
export function listEducatorRequests(
  ctx: RequestContext,
  query: PageQuery & TimeWindow & { status?: RequestStatus; courseId?: string; order?: 'asc' | 'desc' },
): Promise<Page<SessionRequest>> {
  const scope = and(
    eq(r.educatorId, ctx.user.id),
    query.courseId ? eq(r.courseId, query.courseId) : undefined,
    query.from ? and(gt(r.endsAt, query.from), gt(r.startsAt, addMs(query.from, -MAX_SLOT_MS))) : undefined,
    query.to ? lt(r.startsAt, query.to) : undefined,
  );
  const order = { key: 'startsAt' as const, descending: query.order === 'desc' };
  return requestPage(ctx, { scope, status: query.status, order, page: query });
}

/** A request as its student or educator sees it; 404 for anyone else. */
export async function getOwnRequest(ctx: RequestContext, requestId: string): Promise<SessionRequest> {
  const { request } = await findOwnRequest(ctx, requestId);
  return withActions(request, ctx.user.id, ctx.at, await policyOf(ctx.db, request.courseId, ctx.defaults));
}
