// How to reach a user (SPEC §14): the address, locale and time zone a token or an LTI launch claims, read leniently
// (a malformed value is ignored, never refused), and the latest of each kept per user, written only when it changes.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { userContacts } from '../db/schema.ts';

/** What a token or a launch says about reaching its user; a claim it leaves out, or gives malformed, is absent. */
export interface ContactClaims {
  email?: string;
  locale?: string;
  timeZone?: string;
  name?: string | null;
}

const emailAddress = z.email().max(254);

/** A plain address (`local@domain`): nothing that could carry a header, a display name or a second address. */
export const isEmailAddress = (value: unknown): value is string => emailAddress.safeParse(value).success;

/** A BCP 47 tag, in its canonical case (`pt-br` → `pt-BR`); undefined for anything else. */
export function canonicalLocale(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 35) return undefined;
  try {
    return Intl.getCanonicalLocales(value.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** An IANA time zone the runtime knows, as given; undefined for anything else. */
export function knownTimeZone(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    return undefined;
  }
}

/** The contact claims of a token or launch (`email`, `locale`, `zoneinfo`), each kept only when well formed. */
export function contactClaims(claims: Record<string, unknown>, locale: unknown = claims.locale): ContactClaims {
  const contact: ContactClaims = {};
  if (isEmailAddress(claims.email)) contact.email = claims.email;
  const tag = canonicalLocale(locale);
  if (tag) contact.locale = tag;
  const zone = knownTimeZone(claims.zoneinfo);
  if (zone) contact.timeZone = zone;
  return contact;
}

export type Contact = typeof userContacts.$inferSelect;

/** Whether `claims` would change anything in `known`. */
function changes(known: Contact | undefined, claims: ContactClaims): boolean {
  if (!known) return Boolean(claims.email || claims.locale || claims.timeZone);
  return (
    (claims.email !== undefined && claims.email !== known.email) ||
    (claims.locale !== undefined && claims.locale !== known.locale) ||
    (claims.timeZone !== undefined && claims.timeZone !== known.timeZone) ||
    (claims.name !== undefined && claims.name !== known.name)
  );
}

/** Keeps what `claims` say about `userId`, where it differs from what is kept; a claim left out keeps its value. */
export async function saveContact(db: Database, userId: string, claims: ContactClaims, now: string): Promise<void> {
  const known = await db.select().from(userContacts).where(eq(userContacts.userId, userId)).get();
  if (!changes(known, claims)) return;
  const given = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
  await db
    .insert(userContacts)
    .values({ userId, ...given, updatedAt: now })
    .onConflictDoUpdate({ target: userContacts.userId, set: { ...given, updatedAt: now } });
}

/**
 * Remembers, per process, the contact claims last kept for each user, so that the requests of a user whose token
 * says the same thing again write nothing. Bounded: the user seen longest ago is forgotten first.
 */
export class ContactMemory {
  readonly #seen = new Map<string, { claims: ContactClaims; fingerprint: string }>();
  constructor(
    readonly db: Database,
    readonly limit = 10_000,
  ) {}

  /** Whether `claims` are what was last kept for `userId` (the very object of a cached token's, or equal to it). */
  knows(userId: string, claims: ContactClaims): boolean {
    const seen = this.#seen.get(userId);
    return seen !== undefined && (seen.claims === claims || seen.fingerprint === fingerprintOf(claims));
  }

  async remember(userId: string, claims: ContactClaims, now: string): Promise<void> {
    if (this.knows(userId, claims)) return;
    await saveContact(this.db, userId, claims, now);
    this.#seen.delete(userId);
    if (this.#seen.size >= this.limit) this.#seen.delete(this.#seen.keys().next().value as string);
    this.#seen.set(userId, { claims, fingerprint: fingerprintOf(claims) });
  }
}

const fingerprintOf = (claims: ContactClaims) => JSON.stringify([claims.email, claims.locale, claims.timeZone, claims.name]);

/** Whether the user gets email: on unless they turned it off. */
export async function emailEnabled(db: Database, userId: string): Promise<boolean> {
  const row = await db.select({ on: userContacts.emailEnabled }).from(userContacts).where(eq(userContacts.userId, userId)).get();
  return row?.on ?? true;
}

/** Turns the user's email on or off; a user the tool knows nothing about yet gets a row holding just that. */
export async function setEmailEnabled(db: Database, userId: string, on: boolean, now: string): Promise<void> {
  await db
    .insert(userContacts)
    .values({ userId, emailEnabled: on, updatedAt: now })
    .onConflictDoUpdate({ target: userContacts.userId, set: { emailEnabled: on, updatedAt: now } });
}

/** The kept contacts of `userIds`, by user id. */
export async function contactsOf(db: Database, userIds: string[]): Promise<Map<string, Contact>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(userContacts)
    .where(sql`${userContacts.userId} IN ${[...new Set(userIds)]}`);
  return new Map(rows.map((row) => [row.userId, row]));
}
