// A real SMTP server in the test process (smtp-server) that keeps what it receives, parsed with mailparser; it can
// go down and come back on the same port, and can take in the first message's data and never answer it.
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  raw: string;
  mail: ParsedMail;
  /** The envelope's recipients. */
  to: string[];
}

export interface TestSmtp {
  url: string;
  received: Received[];
  /** Resolves once `count` messages have been received (and answered). */
  waitFor(count: number): Promise<Received[]>;
  /** Resolves with the raw text of the first message once its data has arrived, when it is being held unanswered. */
  held: Promise<string>;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** `holdFirst`: the first message's data is taken in and never answered; `refuse`: recipients refused for good (550). */
export async function startSmtp(options: { holdFirst?: boolean; refuse?: RegExp } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  let holding = options.holdFirst ?? false;
  let release: (raw: string) => void = () => {};
  const held = new Promise<string>((resolve) => {
    release = resolve;
  });
  let port = 0;
  let server: SMTPServer | undefined;

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      closeTimeout: 100,
      onRcptTo(address, _session, callback) {
        if (!options.refuse?.test(address.address)) return callback();
        callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          if (holding) {
            // The data arrived, and is never answered: the sender waits for ever (until it is killed).
            holding = false;
            release(raw);
            return;
          }
          received.push({ raw, mail: await simpleParser(raw), to: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
          callback();
          for (const wake of waiters.splice(0)) wake();
        });
      },
    });

  const listen = async () => {
    server = make();
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    port = (listening.server.address() as AddressInfo).port;
  };
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      const closing = server;
      server = undefined;
      closing.close(() => resolve());
    });
  await listen();

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    held,
    async waitFor(count) {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return received;
    },
    down: close,
    up: listen,
    close,
  };
}

/** The iCalendar part of a message (the `invite.ics` attachment), parsed with ical.js, and its event. */
export function inviteOf(received: Received) {
  const attachment = received.mail.attachments.find((part) => part.filename === 'invite.ics');
  if (!attachment) return undefined;
  const text = attachment.content.toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = calendar.getFirstSubcomponent('vevent');
  if (!event) throw new Error('The invitation has no event.');
  const prop = (name: string) => event.getFirstPropertyValue(name);
  return {
    text,
    method: calendar.getFirstPropertyValue('method'),
    uid: prop('uid'),
    sequence: prop('sequence'),
    status: prop('status'),
    location: prop('location'),
    url: prop('url'),
    organizer: String(prop('organizer') ?? ''),
    attendees: event.getAllProperties('attendee').map((attendee) => String(attendee.getFirstValue())),
    start: (prop('dtstart') as ICAL.Time | null)?.toJSDate().toISOString(),
  };
}

/** A header of the raw message, as it travelled (unfolded, undecoded). */
export function rawHeader(received: Received, name: string): string | undefined {
  const head = received.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return head
    .split(/\r?\n/)
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim();
}
