// Email in the background, driven by the outbox as webhooks are: a planner turns new events into delivery rows, and
// a few senders lease due rows and send them. Nothing here runs inside a request: no request waits on SMTP.
import { randomUUID } from 'node:crypto';
import type { MailSettings } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import { runInBackground } from '../jobs/background.ts';
import { PLAN_BATCH, planMail } from './plan.ts';
import { type SenderOptions, sendNext } from './send.ts';
import { type Mailer, SMTP_CONNECTIONS } from './transport.ts';

export interface MailEngineOptions {
  db: Database;
  settings: MailSettings;
  mailer: Mailer;
  /** Signs the links (AUTH_SECRET). */
  secret: string;
  /** The tool's public origin, for the links in emails. */
  publicUrl: string;
  clock: Clock;
  /** How long an idle planner or sender waits before looking again. */
  idleMs?: number;
}

const IDLE_MS = 500;

/** Runs the planner and `SMTP_CONNECTIONS` senders until stopped; returns the stop function (which closes the mailer). */
export function startMailEngine({
  db,
  settings,
  mailer,
  secret,
  publicUrl,
  clock,
  idleMs = IDLE_MS,
}: MailEngineOptions): () => void {
  const owner = randomUUID();
  const sender: SenderOptions = { secret, publicUrl, from: settings.from, reminderMinutes: settings.reminderMinutes };
  let failures = 0;
  const stops = [
    runInBackground(
      'Planning email',
      async () => ((await planMail(db, clock(), settings.reminderMinutes)) === PLAN_BATCH ? 0 : idleMs),
      idleMs,
    ),
    ...Array.from({ length: SMTP_CONNECTIONS }, () =>
      runInBackground(
        'Sending email',
        async () => {
          const outcome = await sendNext(db, mailer, sender, clock(), owner);
          if (outcome.result === 'failed') {
            // One line per run of failures, not one per message, while the SMTP server is down.
            if (failures++ === 0) console.warn(`Email delivery failed (${outcome.error}); retrying with backoff.`);
            return 0;
          }
          if (outcome.result !== 'idle') {
            failures = 0;
            return 0;
          }
          // Something due but not had (another sender holds it) is looked at again after the idle wait, not at once.
          const until = outcome.nextDueAt ? Date.parse(outcome.nextDueAt) - clock().getTime() : idleMs;
          return until > 0 ? Math.min(idleMs, until) : idleMs;
        },
        idleMs,
      ),
    ),
  ];
  return () => {
    for (const stop of stops) stop();
    mailer.close();
  };
}
