// The demo's mail catcher (`npm start` only, never `npm run serve`): an SMTP server on loopback that keeps the
// last messages it receives, parsed, for the demo's mail page, so a new user sees what the tool sends.
import type { AddressInfo } from 'node:net';
import { type AddressObject, type Attachment, type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { type Clock, systemClock } from '../domain/clock.ts';

export interface CaughtAttachment {
  /** The file's name; parts sent without one (a calendar alternative) get one from their type. */
  filename: string;
  /** The part's type with its `method`, for a calendar part: `text/calendar; method=REQUEST`. */
  contentType: string;
  content: Buffer;
}

export interface CaughtMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  html: string | null;
  text: string | null;
  attachments: CaughtAttachment[];
}

/** What the demo's mail page reads: the catcher's SMTP URL and the messages it keeps, newest first. */
export interface Mailbox {
  smtpUrl: string;
  messages(): readonly CaughtMessage[];
  message(id: string): CaughtMessage | undefined;
}

/** Messages kept; the oldest goes when another arrives. */
export const KEPT_MESSAGES = 200;
/** A larger message is refused (552): nothing the tool sends comes near it. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const addressText = (address: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(address) ? address : address ? [address] : []).map((one) => one.text).join(', ');

function attachmentOf(part: Attachment, index: number): CaughtAttachment {
  const method = part.headers.get('content-type');
  const params = typeof method === 'object' && method && 'params' in method ? (method.params as Record<string, string>) : {};
  const extension = part.contentType === 'text/calendar' ? 'ics' : 'bin';
  return {
    filename: part.filename ?? `part-${index + 1}.${extension}`,
    contentType: params.method ? `${part.contentType}; method=${params.method}` : part.contentType,
    content: part.content,
  };
}

function caught(id: string, parsed: ParsedMail, session: SMTPServerSession, receivedAt: string): CaughtMessage {
  const envelope = session.envelope;
  return {
    id,
    receivedAt,
    from: addressText(parsed.from) || (envelope.mailFrom ? envelope.mailFrom.address : ''),
    to: addressText(parsed.to) || envelope.rcptTo.map((recipient) => recipient.address).join(', '),
    subject: parsed.subject ?? '',
    html: parsed.html || null,
    text: parsed.text ?? null,
    attachments: parsed.attachments.map(attachmentOf),
  };
}

/** Starts the catcher on a free loopback port; resolves once it listens, with the mailbox and a way to stop it. */
export async function startMailCatcher(clock: Clock = systemClock): Promise<Mailbox & { close(): Promise<void> }> {
  const kept: CaughtMessage[] = [];
  let received = 0;
  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, done: (error?: Error | null) => void) => {
    simpleParser(stream).then((parsed) => {
      if (stream.sizeExceeded) return done(Object.assign(new Error('The message is too large.'), { responseCode: 552 }));
      kept.unshift(caught(String(++received), parsed, session, clock().toISOString()));
      kept.splice(KEPT_MESSAGES);
      done();
    }, done);
  };
  const server = new SMTPServer({
    banner: 'One-on-one demo mail catcher',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    messages: () => kept,
    message: (id) => kept.find((message) => message.id === id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
