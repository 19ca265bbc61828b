// The platforms' signing keys: each platform's key set, read through the guarded fetch (SPEC §18) and cached by
// jose, and what jose's refusal of an id_token means in words for the page.
import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from 'jose';
import { PLATFORM_TIMEOUT_MS, type PlatformFetch, SMALL_ANSWER } from './platform-fetch.ts';
import { LtiError, type Platform } from './platforms.ts';

/**
 * The platform's key set, fetched through the guarded fetch when first needed, cached, and fetched again when a
 * token names an unknown key (at most once per `cooldownMs`).
 */
export function platformKeys(fetchPlatform: PlatformFetch, cooldownMs = 30_000): (platform: Platform) => JWTVerifyGetKey {
  const sets = new Map<string, JWTVerifyGetKey>();
  return (platform) => {
    let keys = sets.get(platform.jwksUrl);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(platform.jwksUrl), {
        cooldownDuration: cooldownMs,
        timeoutDuration: PLATFORM_TIMEOUT_MS,
        [customFetch]: (url, { headers, signal }) => fetchPlatform(url, { headers, signal, maxBytes: SMALL_ANSWER }),
      });
      sets.set(platform.jwksUrl, keys);
    }
    return keys;
  };
}

/** What jose's refusal of an id_token means, for the page. */
export function keyRefusal(error: unknown): LtiError {
  if (error instanceof errors.JWTExpired) return new LtiError(401, 'The id_token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claims: Record<string, string> = {
      iss: 'The id_token comes from another issuer than the platform that started the login (iss).',
      aud: 'The id_token is meant for another tool (aud).',
      iat: 'The id_token is dated in the future (iat).',
      nbf: 'The id_token is not valid yet (nbf).',
    };
    return new LtiError(401, claims[error.claim] ?? `The id_token's ${error.claim} claim is missing or wrong.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new LtiError(401, 'The id_token is not signed with RS256.');
  if (error instanceof errors.JWKSNoMatchingKey)
    return new LtiError(401, "The id_token is signed with a key the platform's key set does not have.");
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new LtiError(401, "The id_token's signature does not match the platform's key.");
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) {
    return new LtiError(401, `The id_token could not be verified: ${error.message}`);
  }
  return new LtiError(401, "The platform's key set could not be read.");
}
