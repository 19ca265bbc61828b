// Who may frame an LTI page (SPEC §13, §15): the LMS that asked, told from what the request names (the registration's
// configuration, the login's issuer, the launch's state or id_token), for refusals as much as for the tool page, so
// that a person in the LMS's iframe reads what went wrong. When no platform can be told, no one may frame it.

import type { KeyObject } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Database } from '../db/client.ts';
import { readState } from './login-state.ts';
import { type Platform, platformById, platformsOf } from './platforms.ts';

/** An origin that may frame a page, or undefined for anything but an http(s) URL. */
export type Framer = string | undefined;

/** The origin of an http(s) URL; undefined for anything else. */
export const originOf = (url: string | null | undefined): Framer => {
  try {
    const { protocol, origin } = new URL(url ?? '');
    return protocol === 'https:' || protocol === 'http:' ? origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The headers of an LTI page: `framers` may frame it ('none' when there is none); forms post to the tool and to
 * `formTargets`; scripts only from the tool's origin; nothing cached.
 */
export function pageHeaders(framers: Framer[], formTargets: Framer[] = []): Record<string, string> {
  const ancestors = [...new Set(framers.filter(Boolean))].join(' ') || "'none'";
  const forms = ["'self'", ...new Set(formTargets.filter(Boolean))].join(' ');
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; object-src 'none'; form-action ${forms}; frame-ancestors ${ancestors}`,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}

/** The origins of a platform that frame the tool's pages: its issuer's and its authorization endpoint's. */
export const platformOrigins = (platform: Platform): Framer[] => [originOf(platform.issuer), originOf(platform.authUrl)];

/** The origins of the registered platforms of `issuer` (of its `clientId` when given); none for an unknown issuer. */
export async function issuerFramers(db: Database, issuer: string | undefined, clientId?: string): Promise<Framer[]> {
  if (!issuer) return [];
  return (await platformsOf(db, issuer, clientId, 20)).flatMap(platformOrigins);
}

/**
 * Who may frame the answer to a launch: the platform its signed state names (expired or not), else the registered
 * platform its id_token claims to come from. Neither is trusted for anything but letting that LMS show the page.
 */
export async function launchFramers(db: Database, loginKey: KeyObject, state?: string, idToken?: string): Promise<Framer[]> {
  const login = state ? readState(loginKey, state) : undefined;
  const platform = login && (await platformById(db, login.platformId));
  if (platform) return platformOrigins(platform);
  try {
    const { iss, aud } = decodeJwt(idToken ?? '');
    return await issuerFramers(db, iss, typeof aud === 'string' ? aud : undefined);
  } catch {
    return [];
  }
}
