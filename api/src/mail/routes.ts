// `/mail/*`: the pages an email's links open. `/mail/decide/:token` shows a new request to its educator and takes the
// decision through the same domain steps as the API; `/mail/unsubscribe/:token` turns the user's email off (RFC 8058
// one-click POST). The token in the URL is the credential: no cookie, no login, and a GET never changes anything.
import type { RequestView } from '@one-on-one/contract/resources';
import { eq } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { slots } from '../db/schema.ts';
import { contactsOf, setEmailEnabled } from '../domain/contacts.ts';
import { DomainError } from '../domain/errors.ts';
import { approveRequest, type RequestContext, rejectRequest } from '../domain/requests/index.ts';
import { findRequestView } from '../domain/views.ts';
import type { Deps } from '../http/router.ts';
import { meetingLink } from '../schemas.ts';
import { decidePage, noticePage, PAGE_HEADERS, unsubscribePage } from './pages.ts';
import { readDecide, readUnsubscribe } from './tokens.ts';
import { type Reader, readerOf, wordsOf } from './words.ts';

const REASON_LIMIT = 1000;

/** The reader a user's kept locale and zone make; English and UTC for someone unknown. */
async function readerFor(db: Deps['db'], userId: string | undefined): Promise<Reader> {
  const contact = userId ? (await contactsOf(db, [userId])).get(userId) : undefined;
  return readerOf(contact?.locale, contact?.timeZone);
}

/** The link a new request's approval starts from: the slot's own, else (a move) the session it replaces. */
async function prefilledLink(db: Deps['db'], request: RequestView, at: string): Promise<string> {
  const slot = await db.select({ link: slots.meetingLink }).from(slots).where(eq(slots.id, request.slotId)).get();
  const original = !slot?.link && request.replaces ? await findRequestView(db, request.replaces, at) : undefined;
  return slot?.link ?? original?.meetingLink ?? '';
}

/**
 * What a decide link stands for at `at`: the request, waiting for its educator, and the educator's reader; or the
 * refusal page's status and words when the link is altered, expired or spent.
 */
async function openDecision({ db, config }: Deps, token: string, at: string) {
  const grant = readDecide(config.authSecret, token);
  const reader = await readerFor(db, grant?.educatorId);
  const words = wordsOf(reader);
  const refuse = (status: 404 | 409 | 410, message: string) => ({ refusal: { status, message }, reader }) as const;
  if (!grant) return refuse(404, words['link.invalid']());
  const request = await findRequestView(db, grant.requestId, at);
  if (!request || request.educatorId !== grant.educatorId) return refuse(404, words['link.invalid']());
  if (grant.expiresAt <= at || request.startsAt <= at) return refuse(410, words['decide.expired']());
  // Decided here or elsewhere, or withdrawn: the link is spent.
  if (request.status !== 'pending') return refuse(409, words['decide.used']());
  return { request, reader, grant } as const;
}

/** The decide form as posted: the decision, and the link or reason it needs, or what is wrong with them. */
async function readDecisionForm(c: Context, words: ReturnType<typeof wordsOf>) {
  const body = await c.req.parseBody();
  const field = (name: string) => {
    const value = body[name];
    return typeof value === 'string' ? value : '';
  };
  const decision = field('decision') === 'reject' ? ('reject' as const) : ('approve' as const);
  const link = meetingLink.safeParse(field('meetingLink').trim());
  const reason = field('reason').trim();
  const form = { action: c.req.path, meetingLink: field('meetingLink'), reason: field('reason') };
  const problem =
    decision === 'approve' && !link.success
      ? words['decide.badLink']()
      : decision === 'reject' && (reason.length === 0 || reason.length > REASON_LIMIT)
        ? words['decide.badReason']()
        : undefined;
  return { decision, link: link.success ? link.data : undefined, reason, form, problem };
}

/** `POST /mail/decide/:token`: the educator the link names decides, through the same domain steps as the API. */
async function decideFromMail(deps: Deps, c: Context) {
  const at = deps.clock().toISOString();
  const opened = await openDecision(deps, c.req.param('token') ?? '', at);
  if ('refusal' in opened)
    return c.html(noticePage(opened.reader, opened.refusal.message, true), opened.refusal.status, PAGE_HEADERS);
  const { request, reader, grant } = opened;
  const words = wordsOf(reader);
  const { decision, link, reason, form, problem } = await readDecisionForm(c, words);
  if (problem)
    return c.html(decidePage(reader, request, { ...form, problem: { decision, message: problem } }), 400, PAGE_HEADERS);
  // The educator the link names acts, as if through the API: the same rules, the same atomic step.
  const user = { id: grant.educatorId, name: request.educatorName, courses: [] };
  const ctx: RequestContext = { db: deps.db, user, at, defaults: deps.config.policy };
  try {
    if (decision === 'approve' && link) await approveRequest(ctx, request.id, link);
    else await rejectRequest(ctx, request.id, reason);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Decided, withdrawn or started between the page and the post: the link is spent, nothing changed.
    return c.html(noticePage(reader, words['decide.used'](), true), 409, PAGE_HEADERS);
  }
  const done = decision === 'approve' ? words['decide.approved']() : words['decide.rejected']();
  return c.html(noticePage(reader, done, false), 200, PAGE_HEADERS);
}

/** `/mail/*`: the decide page and the unsubscribe page, each behind the token of its link. */
export function mailRoutes(deps: Deps) {
  const { db, config, clock } = deps;
  const unsubscribeGrant = async (token: string) => {
    const grant = readUnsubscribe(config.authSecret, token);
    return { grant, reader: await readerFor(db, grant?.userId) };
  };
  return (
    new Hono()
      .get('/decide/:token', async (c) => {
        const at = clock().toISOString();
        const opened = await openDecision(deps, c.req.param('token'), at);
        if ('refusal' in opened)
          return c.html(noticePage(opened.reader, opened.refusal.message, true), opened.refusal.status, PAGE_HEADERS);
        const form = { action: c.req.path, meetingLink: await prefilledLink(db, opened.request, at), reason: '' };
        return c.html(decidePage(opened.reader, opened.request, form), 200, PAGE_HEADERS);
      })
      .post('/decide/:token', (c) => decideFromMail(deps, c))
      .get('/unsubscribe/:token', async (c) => {
        const { grant, reader } = await unsubscribeGrant(c.req.param('token'));
        if (!grant) return c.html(noticePage(reader, wordsOf(reader)['link.invalid'](), true), 404, PAGE_HEADERS);
        return c.html(unsubscribePage(reader, c.req.path), 200, PAGE_HEADERS);
      })
      // RFC 8058: a mail app posts `List-Unsubscribe=One-Click` here; the page's own button posts here too.
      .post('/unsubscribe/:token', async (c) => {
        const { grant, reader } = await unsubscribeGrant(c.req.param('token'));
        if (!grant) return c.html(noticePage(reader, wordsOf(reader)['link.invalid'](), true), 404, PAGE_HEADERS);
        await setEmailEnabled(db, grant.userId, false, clock().toISOString());
        return c.html(noticePage(reader, wordsOf(reader)['unsubscribe.done'](), false), 200, PAGE_HEADERS);
      })
  );
}
