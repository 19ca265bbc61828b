// The email tests' world: the API over a fresh database, a real SMTP server in the process, the engine's planner and
// sender driven step by step at the test's clock, and people whose tokens carry an address, a locale and a zone.
import { planMail } from '../src/mail/plan.ts';
import { type SenderOptions, type SendOutcome, sendNext } from '../src/mail/send.ts';
import { type Mailer, smtpMailer } from '../src/mail/transport.ts';
import { type Reply, SECRET, setup, type TestApi, type TestUser, tokenFor, users } from './helpers.ts';
import { type Received, startSmtp, type TestSmtp } from './smtp.ts';

export const PUBLIC_URL = 'https://sessions.example.edu';

/** The addresses of the people of helpers.ts. */
export const ADDRESS = {
  [users.educator.sub]: 'grace@example.edu',
  [users.otherEducator.sub]: 'alan@example.edu',
  [users.student.sub]: 'ada@example.edu',
  [users.otherStudent.sub]: 'katherine@example.edu',
} as Record<string, string>;

export interface Claims {
  email?: unknown;
  locale?: unknown;
  zoneinfo?: unknown;
  name?: unknown;
}

export interface MailWorld {
  api: TestApi;
  smtp: TestSmtp;
  mailer: Mailer;
  options: SenderOptions;
  /** Makes `user` known by a request whose token carries `claims` (by default their address). */
  introduce(user: TestUser, claims?: Claims): Promise<Reply>;
  /** Plans every new event and sends everything due at `now` (the API's clock by default); the outcomes, in order. */
  deliver(now?: Date): Promise<SendOutcome[]>;
  /** What was received since the last call, as [recipient, subject] pairs. */
  fresh(): Received[];
  close(): Promise<void>;
}

export async function mailWorld(options: { reminderMinutes?: number[]; smtp?: TestSmtp } = {}): Promise<MailWorld> {
  const api = await setup();
  const smtp = options.smtp ?? (await startSmtp());
  const mailer = smtpMailer(smtp.url);
  const reminderMinutes = options.reminderMinutes ?? [];
  const sender: SenderOptions = {
    secret: SECRET,
    publicUrl: PUBLIC_URL,
    from: { name: 'One-on-one', address: 'sessions@example.edu' },
    reminderMinutes,
  };
  // Planning starts with the events after email was turned on.
  await planMail(api.db, api.now(), reminderMinutes);
  let seen = 0;
  return {
    api,
    smtp,
    mailer,
    options: sender,
    async introduce(user, claims = { email: ADDRESS[user.sub] }) {
      const token = await tokenFor(user, api.now(), claims as Record<string, unknown>);
      return api.get('/api/me', token);
    },
    async deliver(now = api.now()) {
      while ((await planMail(api.db, now, reminderMinutes)) > 0);
      const outcomes: SendOutcome[] = [];
      for (;;) {
        const outcome = await sendNext(api.db, mailer, sender, now, 'test-sender');
        if (outcome.result === 'idle') return outcomes;
        outcomes.push(outcome);
      }
    },
    fresh() {
      const since = smtp.received.slice(seen);
      seen = smtp.received.length;
      return since;
    },
    async close() {
      mailer.close();
      if (!options.smtp) await smtp.close();
      api.db.$client.close();
    },
  };
}

/** Who got what: [recipient address, subject] of each message. */
export const summary = (received: Received[]) => received.map((message) => [message.to.join(','), message.mail.subject ?? '']);
