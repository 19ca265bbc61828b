// The course listing served from memory: per course, the rows of its default window, kept fresh by the outbox.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { and, asc, eq, gte, isNull, not } from 'drizzle-orm';
import { type Database, onCommit } from '../db/client.ts';
import { slots as s } from '../db/schema.ts';
import { OutboxFollower } from '../live/outbox-follower.ts';
import { addMs, DAY_MS, MINUTE_MS } from './clock.ts';
import { DomainError } from './errors.ts';
import { membership, type User } from './identity.ts';
import { encodeCursor, type PageQuery } from './pages.ts';
import { type PolicyRules, policiesOf, policyOf } from './policy.ts';
import { selectCourseSlots, slotIsBooked, type TimeWindow } from './views.ts';

export interface CourseListingOptions {
  /** Courses kept; the one read longest ago goes first. */
  maxCourses?: number;
  /** Rows kept per course, in start order: pages past them are read from the database. */
  rowsPerCourse?: number;
  /** Students whose own requests are kept per course. */
  usersPerCourse?: number;
  /** The longest a change made by another process stays unseen: the outbox is read again once this has passed. */
  syncMs?: number;
  /** The oldest a course's rows may grow before they are read again, whatever the outbox says. */
  maxAgeMs?: number;
  /** Milliseconds from a monotonic source; tests step it. */
  tick?: () => number;
}

/** A page answered from memory: its body (gzipped when asked), or only its tag when the caller's copy is still the same. */
export interface CachedPage {
  etag: string;
  body?: string | Uint8Array;
  gzip?: boolean;
}

/** Gzipped pages kept per course: the first page as most students read it, and a few others. */
const GZIPPED_PER_COURSE = 32;

interface Row {
  id: string;
  startsAt: string;
  /** `startsAt` in milliseconds: for the canonical ISO times stored, the same order as the text's. */
  startsAtMs: number;
  /** The slot's JSON as the listing shows it, with `requestedByMe` false and true. */
  json: [string, string];
}

interface Entry {
  policy: PolicyRules;
  rows: Row[];
  /** Every live open slot of the window is in `rows` (none was left out for the bound). */
  complete: boolean;
  /** Names the rows' content: two entries with the same tag hold the same rows. */
  tag: string;
  loadedAt: number;
  /** Per student, the slots of the course they have an active request for. */
  requested: Map<string, Set<string>>;
  /** Pages gzipped once, by ETag. */
  gzipped: Map<string, Uint8Array>;
  /** The ETag last made from this entry and what it names, given again while the next page is the same. */
  lastTag?: { start: number; count: number; more: boolean; marks: string; gzip: boolean; etag: string };
}

const listingPolicy = (policy: PolicyRules) => `${policy.minNoticeMinutes}:${policy.maxDaysAhead}`;

/**
 * The default window of a course's listing (no `to`, `from` not later than now, any page inside the rows kept), served
 * without the database. A course is read again after any outbox event of its slots, its requests or its policy and
 * after its policy row changes: at once after this process's own commits, within `syncMs` after another process's.
 * A stale entry lets no write through (writes are guarded) and hides nothing past `syncMs`.
 */
export class CourseListings {
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<Entry>>();
  readonly #follower: OutboxFollower;
  readonly #options: Required<CourseListingOptions>;
  #commits = 0;
  #syncedCommits = -1;
  #syncedAt = Number.NEGATIVE_INFINITY;
  #syncing?: Promise<void>;
  #syncs = 0;
  /** What the last syncs dropped, so that a load that straddled one is not kept. */
  readonly #recent: { seq: number; courses: Set<string> | 'all' }[] = [];

  constructor(
    readonly db: Database,
    readonly defaults: PolicyRules,
    options: CourseListingOptions = {},
  ) {
    this.#options = {
      maxCourses: 256,
      rowsPerCourse: 256,
      usersPerCourse: 500,
      syncMs: 500,
      maxAgeMs: 5 * 60_000,
      tick: () => performance.now(),
      ...options,
    };
    this.#follower = new OutboxFollower(db);
    onCommit(db, () => {
      this.#commits++;
    });
  }

  /** Courses held now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The page of the course listing for `user`, or undefined when it is not one kept here (another window, a page past
   * the rows kept). With `ifNoneMatch` equal to its tag, the page comes without a body; with `gzip`, its body is
   * gzipped (once per page and course, then kept).
   */
  async page(
    user: User,
    courseId: string,
    query: TimeWindow & PageQuery,
    now: Date,
    { ifNoneMatch, gzip = false }: { ifNoneMatch?: string; gzip?: boolean } = {},
  ): Promise<CachedPage | undefined> {
    if (!membership(user, courseId)) throw new DomainError('forbidden', 'You are not a member of this course.');
    if (query.to !== undefined || (query.from !== undefined && query.from > now.toISOString())) return undefined;
    if (!this.#synced()) await this.#fresh();
    const entry = this.#kept(courseId) ?? (await this.#entry(courseId, now.toISOString()));
    const { rows, policy } = entry;
    const earliest = now.getTime() + Math.max(1, policy.minNoticeMinutes * MINUTE_MS);
    const latest = now.getTime() + policy.maxDaysAhead * DAY_MS;
    const cursor = query.cursor;
    let start = 0;
    while (
      start < rows.length &&
      (rows[start].startsAtMs < earliest ||
        (cursor && (rows[start].startsAt < cursor.key || (rows[start].startsAt === cursor.key && rows[start].id <= cursor.id))))
    )
      start++;
    let end = start;
    while (end < rows.length && end - start <= query.limit && rows[end].startsAtMs <= latest) end++;
    if (end === rows.length && end - start <= query.limit && !entry.complete) return undefined;
    const more = end - start > query.limit;
    const count = more ? end - start - 1 : end - start;
    const mine = count > 0 ? (entry.requested.get(user.id) ?? (await this.#requested(entry, courseId, user.id, now))) : NONE;
    let marks = '';
    if (mine.size > 0) for (let n = 0; n < count; n++) if (mine.has(rows[start + n].id)) marks += marks === '' ? `${n}` : `-${n}`;
    const etag = tagOf(entry, start, count, more, marks, gzip);
    if (ifNoneMatch && matches(etag, ifNoneMatch)) return { etag };
    const zipped = gzip ? entry.gzipped.get(etag) : undefined;
    if (zipped) return { etag, body: zipped, gzip };
    const items = rows.slice(start, start + count);
    const last = items[items.length - 1];
    const next = more ? JSON.stringify(encodeCursor({ key: last.startsAt, id: last.id })) : 'null';
    const body = `{"items":[${items.map((row) => row.json[mine.has(row.id) ? 1 : 0]).join(',')}],"nextCursor":${next}}`;
    if (!gzip) return { etag, body };
    const bytes = gzipSync(body);
    if (entry.gzipped.size >= GZIPPED_PER_COURSE) entry.gzipped.delete(entry.gzipped.keys().next().value as string);
    entry.gzipped.set(etag, bytes);
    return { etag, body: bytes, gzip };
  }

  /** Whether nothing needs reading first: no commit of this process since the last sync, and `syncMs` not passed. */
  #synced(): boolean {
    return this.#syncedCommits >= this.#commits && this.#syncedAt > this.#options.tick() - this.#options.syncMs;
  }

  /** The course's entry while it is kept and young enough, made the most recently used. */
  #kept(courseId: string): Entry | undefined {
    const entry = this.#entries.get(courseId);
    if (!entry || this.#options.tick() - entry.loadedAt >= this.#options.maxAgeMs) return undefined;
    this.#entries.delete(courseId);
    this.#entries.set(courseId, entry);
    return entry;
  }

  /** Reads the outbox (and the kept courses' policies) first if this process committed since, or `syncMs` passed. */
  async #fresh(): Promise<void> {
    const commits = this.#commits;
    const arrived = this.#options.tick();
    while (this.#syncedCommits < commits || this.#syncedAt <= arrived - this.#options.syncMs) {
      this.#syncing ??= this.#sync().finally(() => {
        this.#syncing = undefined;
      });
      await this.#syncing;
    }
  }

  async #sync(): Promise<void> {
    const commits = this.#commits;
    const startedAt = this.#options.tick();
    const changes = await this.#follower.changes();
    const dropped = changes.all ? 'all' : changes.courses;
    if (dropped !== 'all' && this.#entries.size > 0) {
      const kept = [...this.#entries.keys()];
      const policyOfCourse = await policiesOf(this.db, kept, this.defaults);
      for (const courseId of kept) {
        const entry = this.#entries.get(courseId);
        if (entry && listingPolicy(entry.policy) !== listingPolicy(policyOfCourse(courseId))) dropped.add(courseId);
      }
    }
    if (dropped === 'all') this.#entries.clear();
    else for (const courseId of dropped) this.#entries.delete(courseId);
    this.#recent.push({ seq: ++this.#syncs, courses: dropped });
    if (this.#recent.length > 32) this.#recent.shift();
    this.#syncedCommits = commits;
    this.#syncedAt = startedAt;
  }

  /** The course's entry read from the database, joining a read already under way (`page` looks in `#kept` first). */
  async #entry(courseId: string, at: string): Promise<Entry> {
    let loading = this.#loading.get(courseId);
    if (!loading) {
      loading = this.#load(courseId, at).finally(() => this.#loading.delete(courseId));
      this.#loading.set(courseId, loading);
    }
    return loading;
  }

  async #load(courseId: string, at: string): Promise<Entry> {
    const seq = this.#syncs;
    const loadedAt = this.#options.tick();
    const policy = await policyOf(this.db, courseId, this.defaults);
    const found = await selectCourseSlots(this.db, at, '')
      .where(
        and(
          eq(s.courseId, courseId),
          isNull(s.deletedAt),
          gte(s.startsAt, addMs(at, Math.max(1, policy.minNoticeMinutes * MINUTE_MS))),
          not(slotIsBooked),
        ),
      )
      .orderBy(asc(s.startsAt), asc(s.id))
      .limit(this.#options.rowsPerCourse + 1);
    const complete = found.length <= this.#options.rowsPerCourse;
    const rows = found.slice(0, this.#options.rowsPerCourse).map(({ requestedByMe: _, ...slot }): Row => {
      const json = JSON.stringify(slot).slice(0, -1);
      return {
        id: slot.id,
        startsAt: slot.startsAt,
        startsAtMs: Date.parse(slot.startsAt),
        json: [`${json},"requestedByMe":false}`, `${json},"requestedByMe":true}`],
      };
    });
    const digest = createHash('sha1').update(listingPolicy(policy));
    for (const row of rows) digest.update(row.json[0]);
    const tag = digest.digest('base64url').slice(0, 16) + (complete ? '' : 'p');
    const entry: Entry = { policy, rows, complete, tag, loadedAt, requested: new Map(), gzipped: new Map() };
    if (this.#keeps(courseId, seq)) {
      this.#entries.set(courseId, entry);
      if (this.#entries.size > this.#options.maxCourses) this.#entries.delete(this.#entries.keys().next().value as string);
    }
    return entry;
  }

  /** Whether no sync since `seq` dropped the course: a load begun before it may have read what it dropped. */
  #keeps(courseId: string, seq: number): boolean {
    if (seq === this.#syncs) return true;
    const oldest = this.#recent[0]?.seq ?? Number.POSITIVE_INFINITY;
    if (seq + 1 < oldest) return false;
    return this.#recent.every((sync) => sync.seq <= seq || (sync.courses !== 'all' && !sync.courses.has(courseId)));
  }

  /**
   * The slots of the course `userId` holds an active request for, from one indexed query, kept with the entry (`page`
   * looks in `entry.requested` first).
   */
  async #requested(entry: Entry, courseId: string, userId: string, now: Date): Promise<Set<string>> {
    const at = now.toISOString();
    const { rows } = await this.db.$client.execute({
      sql: `SELECT slot_id FROM session_requests WHERE student_id = ? AND course_id = ? AND status IN ('pending', 'approved')
        AND starts_at > ?`,
      args: [userId, courseId, at],
    });
    const slotIds = new Set(rows.map((row) => String(row.slot_id)));
    if (entry.requested.size >= this.#options.usersPerCourse)
      entry.requested.delete(entry.requested.keys().next().value as string);
    entry.requested.set(userId, slotIds);
    return slotIds;
  }
}

const NONE: ReadonlySet<string> = new Set();

/** The page's ETag: the entry's tag, where the page starts, its length, whether more follow, the caller's marks. */
function tagOf(entry: Entry, start: number, count: number, more: boolean, marks: string, gzip: boolean): string {
  const last = entry.lastTag;
  if (last && last.start === start && last.count === count && last.more === more && last.marks === marks && last.gzip === gzip)
    return last.etag;
  const etag = `W/"${entry.tag}.${start}.${count}.${more ? 1 : 0}.${marks}${gzip ? '.gz' : ''}"`;
  entry.lastTag = { start, count, more, marks, gzip, etag };
  return etag;
}

/** `If-None-Match` names the tag (weak comparison, as for a GET). */
function matches(etag: string, ifNoneMatch: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}
