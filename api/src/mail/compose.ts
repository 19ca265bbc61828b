// An email for one delivery row: the letter of its kind in the recipient's language, its two parts, its calendar
// part, the links (decide, unsubscribe) signed for this recipient, and headers no name or reason can break.
import type { CourseSlot, RequestView } from '@one-on-one/contract/resources';
import type { Party } from '@one-on-one/contract/vocabulary';
import { and, count, eq, gt } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { sessionRequests as r } from '../db/schema.ts';
import { type Contact, contactsOf } from '../domain/contacts.ts';
import { sessionInvite } from './invite.ts';
import { type Letter, letterOf, openedLetterOf, type RequestMailKind } from './kinds.ts';
import { render } from './layout.ts';
import { signDecide, signUnsubscribe } from './tokens.ts';
import type { OutgoingMail } from './transport.ts';
import { readerOf, wordsOf } from './words.ts';

/** An email about a session request, or (`opened`) about a slot that opened for a waiting student. */
export type ComposeInput =
  | { kind: RequestMailKind; role: Party; request: RequestView; recipient: Contact; leadMinutes: number | null }
  | { kind: 'opened'; role: 'student'; slot: CourseSlot; recipient: Contact };

/** What the links and the sender of an email are made from. */
export interface ComposeOptions {
  /** Signs the links of an email (AUTH_SECRET). */
  secret: string;
  /** The tool's public origin, for the links. */
  publicUrl: string;
  from: { name: string | null; address: string };
}

export type Composed = Omit<OutgoingMail, 'messageId' | 'date'>;

/** Text fit for a header: no line breaks nor other control characters (nodemailer encodes what is not ASCII). */
export const headerText = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();

/** Requests waiting for the educator's decision at `now`. */
async function waitingFor(db: Database, educatorId: string, now: string): Promise<number> {
  const row = await db
    .select({ waiting: count() })
    .from(r)
    .where(and(eq(r.educatorId, educatorId), eq(r.status, 'pending'), gt(r.startsAt, now)))
    .get();
  return row?.waiting ?? 1;
}

/** The email of `input` at `now`, with the links of `options.publicUrl`. */
export async function compose(db: Database, input: ComposeInput, options: ComposeOptions, now: Date): Promise<Composed> {
  const { recipient } = input;
  const reader = readerOf(recipient.locale, recipient.timeZone);
  const words = wordsOf(reader);
  const unsubscribeUrl = `${options.publicUrl}/mail/unsubscribe/${signUnsubscribe(options.secret, { userId: recipient.userId })}`;
  let letter: Letter;
  let icalEvent: Composed['icalEvent'];
  let toName = recipient.name;
  if (input.kind === 'opened') {
    letter = openedLetterOf(input.slot, reader);
  } else {
    const { kind, role, request } = input;
    const at = now.toISOString();
    const decideUrl =
      kind === 'request'
        ? `${options.publicUrl}/mail/decide/${signDecide(options.secret, { requestId: request.id, educatorId: request.educatorId, expiresAt: request.startsAt })}`
        : undefined;
    letter = letterOf(kind, {
      request,
      role,
      reader,
      decideUrl,
      waiting: kind === 'request' ? await waitingFor(db, request.educatorId, at) : undefined,
      leadMinutes: input.leadMinutes ?? undefined,
    });
    toName ??= role === 'student' ? request.studentName : request.educatorName;
    if (letter.invite) {
      const contacts = await contactsOf(db, [request.studentId, request.educatorId]);
      const address = (id: string) => contacts.get(id)?.email ?? null;
      const student = request.studentName ?? words['someone.student']();
      const educator = request.educatorName ?? words['someone.educator']();
      const other = role === 'student' ? educator : student;
      const summary = words['calendar.summary']({ other, course: letter.course });
      const parties = {
        educator: { name: headerText(educator), email: address(request.educatorId) },
        student: { name: headerText(student), email: address(request.studentId) },
        sender: options.from.address,
      };
      icalEvent = {
        method: letter.invite,
        filename: 'invite.ics',
        content: sessionInvite(letter.invite, request, parties, summary, now),
      };
    }
  }
  const { text, html } = render(letter, reader, unsubscribeUrl);
  return {
    from: { name: headerText(options.from.name ?? words.product()), address: options.from.address },
    to: { name: headerText(toName ?? ''), address: recipient.email ?? '' },
    subject: headerText(letter.subject),
    text,
    html,
    icalEvent,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
