// A course's gradebook column (SPEC §15): found again by its resourceId, else created once, its maximum kept at the
// course's attendance goal. Only the process that holds the column's lease in the database looks for it, creates it or
// changes it, so processes racing for one course never create two; one that finds the lease taken tries later.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { writeAtomically } from '../db/client.ts';
import { ltiLineItems } from '../db/schema.ts';
import {
  type Gradebook,
  type GradebookDeps,
  GradebookRefused,
  gradebookRequest,
  LINE_ITEM_LABEL,
  LINE_ITEM_TYPE,
  LINE_ITEMS_TYPE,
  RESOURCE_ID,
} from './ags.ts';
import { PAGE_ANSWER } from './platform-fetch.ts';
import { nextLink } from './roster.ts';

/**
 * How long a lease lasts: longer than the requests under it can take (10 s each): tokens, every page of the search,
 * the create and the change, each tried twice on a 401.
 */
const LEASE_MS = 10 * 60_000;
/** The most pages of line items read when looking for the column. */
export const MAX_LINE_ITEM_PAGES = 10;

/** Another process is finding, creating or changing the course's column right now. */
export class LineItemBusy extends Error {
  override name = 'LineItemBusy';
}

// Read leniently: a line item that does not fit is not the tool's.
const LineItem = z.object({
  id: z.url({ protocol: /^https?$/ }).max(2048),
  resourceId: z.string().optional(),
  scoreMaximum: z.number().optional(),
});
const Container = z.array(z.unknown());

interface Found {
  url: string;
  resourceId?: string;
  scoreMaximum?: number;
}

/** A line item the platform described, if it is on the gradebook's own origin. */
function lineItemOf(raw: unknown, origin: string): Found | undefined {
  const parsed = LineItem.safeParse(raw);
  if (!parsed.success || new URL(parsed.data.id).origin !== origin) return undefined;
  return { url: parsed.data.id, resourceId: parsed.data.resourceId, scoreMaximum: parsed.data.scoreMaximum };
}

/** The tool's column among the course's line items, asked for by `resource_id` (and checked: some platforms ignore it). */
async function findLineItem(deps: GradebookDeps, book: Gradebook, now: Date): Promise<Found | undefined> {
  const first = new URL(book.lineItemsUrl);
  first.searchParams.set('resource_id', RESOURCE_ID);
  let url: string | undefined = first.href;
  for (let page = 0; url !== undefined && page < MAX_LINE_ITEM_PAGES; page++) {
    const res = await gradebookRequest(
      deps,
      book.platform,
      url,
      { headers: { Accept: LINE_ITEMS_TYPE }, maxBytes: PAGE_ANSWER },
      now,
    );
    if (!res.ok) throw new GradebookRefused(`${first.origin} answered ${res.status} for the line items`);
    const items = Container.safeParse(await res.json().catch(() => undefined));
    if (!items.success) throw new GradebookRefused(`${first.origin} answered line items that are not a list`);
    for (const raw of items.data) {
      const found = lineItemOf(raw, first.origin);
      if (found?.resourceId === RESOURCE_ID) return found;
    }
    url = nextLink(res.headers.get('link'), url);
    if (url !== undefined && new URL(url).origin !== first.origin) return undefined;
  }
  return undefined;
}

/** The column as the tool describes it, with `scoreMaximum` the goal. */
const described = (scoreMaximum: number, url?: string) =>
  JSON.stringify({ ...(url ? { id: url } : {}), scoreMaximum, label: LINE_ITEM_LABEL, resourceId: RESOURCE_ID });

/** Creates the column; resolves with its URL. */
async function createLineItem(deps: GradebookDeps, book: Gradebook, goal: number, now: Date): Promise<string> {
  const origin = new URL(book.lineItemsUrl).origin;
  const res = await gradebookRequest(
    deps,
    book.platform,
    book.lineItemsUrl,
    { method: 'POST', headers: { 'Content-Type': LINE_ITEM_TYPE, Accept: LINE_ITEM_TYPE }, body: described(goal) },
    now,
  );
  if (!res.ok) throw new GradebookRefused(`${origin} answered ${res.status} when the line item was created`);
  const made = lineItemOf(await res.json().catch(() => undefined), origin);
  if (!made) throw new GradebookRefused(`${origin} did not describe the line item it created`);
  return made.url;
}

/** Gives the column the maximum `goal`. */
async function updateLineItem(deps: GradebookDeps, book: Gradebook, url: string, goal: number, now: Date): Promise<void> {
  const res = await gradebookRequest(
    deps,
    book.platform,
    url,
    { method: 'PUT', headers: { 'Content-Type': LINE_ITEM_TYPE, Accept: LINE_ITEM_TYPE }, body: described(goal, url) },
    now,
  );
  if (!res.ok) throw new GradebookRefused(`${new URL(url).origin} answered ${res.status} when the line item was changed`);
}

/**
 * The URL of the course's column with the maximum `goal`: as recorded when it already has it; otherwise, under the
 * lease, found again or created, and changed to `goal` if its maximum differs. Throws LineItemBusy while another
 * process holds the lease, GradebookRefused or PlatformUnreachable when the platform does not do as asked.
 */
export async function lineItemFor(deps: GradebookDeps, book: Gradebook, goal: number, now: Date, owner: string): Promise<string> {
  const { db } = deps;
  const ofCourse = eq(ltiLineItems.courseId, book.courseId);
  const [kept] = await db.select().from(ltiLineItems).where(ofCourse);
  if (kept?.url && kept.scoreMaximum === goal) return kept.url;

  const at = now.toISOString();
  const [, claim] = await writeAtomically(db, [
    db.insert(ltiLineItems).values({ courseId: book.courseId, updatedAt: at }).onConflictDoNothing(),
    db
      .update(ltiLineItems)
      .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where(and(ofCourse, sql`(${ltiLineItems.leaseUntil} IS NULL OR ${ltiLineItems.leaseUntil} <= ${at})`)),
  ]);
  if (claim.rowsAffected !== 1) throw new LineItemBusy(`another process holds the line item of ${book.courseId}`);
  const ours = and(ofCourse, eq(ltiLineItems.leaseOwner, owner));
  try {
    // Read again under the lease: another process may have found or created it since.
    const [current] = await db.select().from(ltiLineItems).where(ofCourse);
    let url = current?.url;
    let maximum = current?.scoreMaximum ?? null;
    if (!url) {
      const found = await findLineItem(deps, book, now);
      url = found?.url ?? (await createLineItem(deps, book, goal, now));
      maximum = found ? (found.scoreMaximum ?? null) : goal;
      await writeAtomically(db, [db.update(ltiLineItems).set({ url, scoreMaximum: maximum, updatedAt: at }).where(ours)]);
    }
    if (maximum !== goal) {
      await updateLineItem(deps, book, url, goal, now);
      await writeAtomically(db, [db.update(ltiLineItems).set({ scoreMaximum: goal, updatedAt: at }).where(ours)]);
    }
    return url;
  } finally {
    await writeAtomically(db, [db.update(ltiLineItems).set({ leaseOwner: null, leaseUntil: null }).where(ours)]);
  }
}
