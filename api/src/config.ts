// Reads the environment variables of the contract into a typed configuration.
import { z } from 'zod';
import { isEmailAddress } from './domain/contacts.ts';
import { POLICY_RANGES } from './domain/limits.ts';
import type { PolicyRules } from './domain/policy.ts';

/** What `createApp` needs besides the database and the clock. */
export interface AppConfig {
  /** HS256 key shared with the host platform's backend. */
  authSecret: string;
  /** Origins allowed by CORS; empty means same-origin only. */
  allowedOrigins: string[];
  /** The default booking policy of every course (SPEC §9), from the environment. */
  policy: PolicyRules;
  rateLimitPerMinute: number;
  /** Live slots not yet started one educator may hold (SPEC §18); beyond it 409 `slot_limit`. */
  maxLiveSlotsPerEducator: number;
  /** Path of the built single-file widget bundle served at `/widgets.js`. */
  widgetsBundlePath?: string;
  /** With DEMO=1: the folder of the demo pages; also turns on the demo token endpoint. Never in production. */
  demoPagesPath?: string;
  /** LTI 1.3 (SPEC §13): the dynamic registration key, the tool's public origin and its own signing key. */
  lti?: {
    registrationKey?: string;
    publicUrl?: string;
    privateKeyPem?: string;
    /** LTI_ALLOW_LOOPBACK=1: platforms may live on loopback addresses (tests and local trials; never production). */
    allowLoopback?: boolean;
  };
}

export interface ServerConfig extends AppConfig {
  port: number;
  /** The address to listen on. */
  host: string;
  /** Events older than this many days leave the outbox. */
  eventRetentionDays: number;
  /** Worker processes `npm run serve` runs on the port. */
  webConcurrency: number;
  databaseUrl: string;
  databaseAuthToken?: string;
  /** Where every event is POSTed, signed with the secret; unset turns delivery off. */
  webhook?: { url: string; secret: string };
  /** Email (SPEC §14): the SMTP server, the sender and the reminder leads; unset turns email off. */
  mail?: MailSettings;
}

/** How the tool sends email: SMTP_URL, MAIL_FROM and REMINDER_MINUTES, checked. */
export interface MailSettings {
  smtpUrl: string;
  from: { name: string | null; address: string };
  /** Minutes before an approved session's start at which both parties are reminded; empty: no reminders. */
  reminderMinutes: number[];
}

/** A course's attendance goal until its educators set one (SPEC §15): no variable sets it. */
export const DEFAULT_ATTENDANCE_GOAL = 1;

/** MAX_LIVE_SLOTS_PER_EDUCATOR when unset (SPEC §2). */
export const DEFAULT_MAX_LIVE_SLOTS = 3000;

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const within = (range: { min: number; max: number }) => z.coerce.number().int().min(range.min).max(range.max);

const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).optional(),
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  DATABASE_URL: z.string().min(1).default('file:data/sessions.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  AUTH_SECRET: z.string().optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  DEMO: z.string().optional(),
  BOOKING_MIN_NOTICE_MINUTES: within(POLICY_RANGES.minNoticeMinutes).default(0),
  MAX_DAYS_AHEAD: within(POLICY_RANGES.maxDaysAhead).default(366),
  CANCEL_MIN_NOTICE_MINUTES: within(POLICY_RANGES.cancelNoticeMinutes).default(0),
  MAX_PENDING_PER_COURSE: within(POLICY_RANGES.maxPendingPerStudent).default(5),
  MAX_UPCOMING_PER_COURSE: within(POLICY_RANGES.maxUpcomingPerStudent).optional(),
  RATE_LIMIT_PER_MINUTE: count(120),
  MAX_LIVE_SLOTS_PER_EDUCATOR: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_LIVE_SLOTS),
  LTI_ALLOW_LOOPBACK: z.enum(['0', '1', '']).optional(),
  WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  WEBHOOK_SECRET: z.string().min(1).optional(),
  LTI_REGISTRATION_KEY: z.string().min(1).optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LTI_PRIVATE_KEY: z.string().includes('PRIVATE KEY').optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().optional(),
  REMINDER_MINUTES: z.string().default('60'),
});

export const MIN_SECRET_LENGTH = 32;

/** What the entry point decides: where its files are, and the address it listens on unless HOST says. */
export interface EntryDefaults {
  widgetsBundlePath?: string;
  demoPagesPath?: string;
  host?: string;
}

/** Parses the environment; throws a one-line message naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, defaults: EntryDefaults = {}): ServerConfig {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join('.')}: ${issue.message}`);
  }
  const vars = parsed.data;
  if (vars.WEBHOOK_URL && !vars.WEBHOOK_SECRET) throw new Error('WEBHOOK_SECRET: required when WEBHOOK_URL is set');
  const reminderMinutes = reminderLeads(vars.REMINDER_MINUTES);
  return {
    port: vars.PORT,
    host: vars.HOST ?? defaults.host ?? '0.0.0.0',
    eventRetentionDays: vars.EVENT_RETENTION_DAYS,
    webConcurrency: vars.WEB_CONCURRENCY,
    databaseUrl: vars.DATABASE_URL,
    databaseAuthToken: vars.DATABASE_AUTH_TOKEN || undefined,
    authSecret: vars.AUTH_SECRET ?? '',
    allowedOrigins: (vars.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    policy: {
      minNoticeMinutes: vars.BOOKING_MIN_NOTICE_MINUTES,
      maxDaysAhead: vars.MAX_DAYS_AHEAD,
      cancelNoticeMinutes: vars.CANCEL_MIN_NOTICE_MINUTES,
      maxPendingPerStudent: vars.MAX_PENDING_PER_COURSE,
      maxUpcomingPerStudent: vars.MAX_UPCOMING_PER_COURSE ?? null,
      attendanceGoal: DEFAULT_ATTENDANCE_GOAL,
    },
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
    maxLiveSlotsPerEducator: vars.MAX_LIVE_SLOTS_PER_EDUCATOR,
    widgetsBundlePath: defaults.widgetsBundlePath,
    demoPagesPath: vars.DEMO === '1' ? defaults.demoPagesPath : undefined,
    webhook: vars.WEBHOOK_URL && vars.WEBHOOK_SECRET ? { url: vars.WEBHOOK_URL, secret: vars.WEBHOOK_SECRET } : undefined,
    mail: vars.SMTP_URL ? { smtpUrl: vars.SMTP_URL, from: sender(vars.MAIL_FROM), reminderMinutes } : undefined,
    lti: {
      registrationKey: vars.LTI_REGISTRATION_KEY,
      publicUrl: vars.PUBLIC_URL ? new URL(vars.PUBLIC_URL).origin : undefined,
      privateKeyPem: vars.LTI_PRIVATE_KEY?.replace(/\\n/g, '\n'),
      allowLoopback: vars.LTI_ALLOW_LOOPBACK === '1',
    },
  };
}

/** `MAIL_FROM` as a name and an address: `One-on-one <sessions@example.edu>` or a bare address. */
function sender(value: string | undefined): MailSettings['from'] {
  if (!value?.trim()) throw new Error('MAIL_FROM: required when SMTP_URL is set');
  const match = /^\s*(?:"?([^"<>\r\n]*?)"?\s*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(value);
  const address = match?.[2] ?? match?.[3];
  if (!address || !isEmailAddress(address)) {
    throw new Error('MAIL_FROM: must be an address, as sessions@example.edu or One-on-one <sessions@example.edu>');
  }
  return { name: match?.[1]?.trim() || null, address };
}

/** `REMINDER_MINUTES`: comma-separated leads of 5 to 10080 minutes, sorted and without repeats; empty for none. */
function reminderLeads(value: string): number[] {
  if (value.trim() === '') return [];
  const leads = value.split(',').map((lead) => lead.trim());
  if (!leads.every((lead) => /^\d{1,5}$/.test(lead) && Number(lead) >= 5 && Number(lead) <= 10_080)) {
    throw new Error('REMINDER_MINUTES: each lead is a whole number of minutes from 5 to 10080, separated by commas');
  }
  return [...new Set(leads.map(Number))].sort((a, b) => a - b);
}

/** The production server refuses to start without a proper shared secret. */
export function checkSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`AUTH_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters.`);
  }
}
