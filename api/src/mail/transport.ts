// Where emails go: an SMTP server reached with nodemailer (SMTP_URL; STARTTLS when the server offers it), behind a
// small interface so that the engine never depends on how a message travels.
import { createTransport } from 'nodemailer';

/** An email ready to leave, addresses and headers already checked. */
export interface OutgoingMail {
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** The RFC 5546 part: sent as a `text/calendar; method=…` alternative and attached as `invite.ics`. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string };
  headers: Record<string, string>;
  messageId: string;
  date: Date;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Parallel connections to the SMTP server, and so emails in flight, per process. */
export const SMTP_CONNECTIONS = 3;

/**
 * A mailer over the SMTP server of `url`. It connects when the first email leaves (a server that is down at start
 * delays delivery, which is retried); a URL nodemailer cannot use throws here, at start, in one line.
 */
export function smtpMailer(url: string): Mailer {
  let transport: ReturnType<typeof createTransport>;
  try {
    transport = createTransport({
      url,
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
  } catch (error) {
    throw new Error(`SMTP_URL: ${error instanceof Error ? error.message : String(error)}`.split('\n')[0]);
  }
  return {
    async send(mail) {
      await transport.sendMail(mail);
    },
    close: () => transport.close(),
  };
}
