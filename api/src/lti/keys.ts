// The tool's RS256 key for LTI 1.3: it signs deep-linking responses, and platforms read its public half at
// `/lti/jwks`. It comes from LTI_PRIVATE_KEY (PKCS#8 PEM) or from the database, where the first process to
// start makes it; several processes starting at once agree on the one that was stored first. The key that signs
// logins' state and nonce is derived from it.
import { createPrivateKey, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK } from 'jose';
import { type Database, writeAtomically } from '../db/client.ts';
import { ltiKeys } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';

export const TOOL_ALG = 'RS256';

export interface ToolKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public key as a JWK, with `kid`, `alg` and `use`. */
  publicJwk: JWK;
  /** The HMAC-SHA256 key that signs the state and nonce of a login. */
  loginKey: KeyObject;
}

/**
 * The login key, derived from the private key by HKDF under a label of its own. Why this key: it is the tool's own
 * secret, already shared by every process (through the database or LTI_PRIVATE_KEY) and by no one else, so a
 * login started on one process launches on any other, with no new secret to store, configure or leak. AUTH_SECRET
 * would not do: the host platform's backend holds it too. The label keeps the HMAC key independent of the RSA use.
 */
const loginKeyOf = (pem: string) =>
  createSecretKey(
    Buffer.from(
      hkdfSync('sha256', createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' }), '', 'one-on-one/lti-login', 32),
    ),
  );

async function fromPem(pem: string): Promise<ToolKey> {
  const privateKey = await importPKCS8(pem, TOOL_ALG, { extractable: true });
  const { kty, n, e } = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty, n, e });
  return { kid, privateKey, publicJwk: { kty, n, e, kid, alg: TOOL_ALG, use: 'sig' }, loginKey: loginKeyOf(pem) };
}

/** The tool's key: LTI_PRIVATE_KEY when given, else the stored one, made on first use. */
export async function loadToolKey(db: Database, clock: Clock, pem?: string): Promise<ToolKey> {
  if (pem) return fromPem(pem);
  const stored = await db.select().from(ltiKeys).limit(1);
  if (stored[0]) return fromPem(stored[0].privateKey);
  const { privateKey } = await generateKeyPair(TOOL_ALG, { modulusLength: 2048, extractable: true });
  const madePem = await exportPKCS8(privateKey);
  const made = await fromPem(madePem);
  const row = { id: 1, kid: made.kid, privateKey: madePem, createdAt: clock().toISOString() };
  await writeAtomically(db, [db.insert(ltiKeys).values(row).onConflictDoNothing()]);
  const [kept] = await db.select().from(ltiKeys).limit(1);
  return kept.kid === made.kid ? made : fromPem(kept.privateKey);
}

/** Loads the key once per process, on first need. */
export function toolKeySource(db: Database, clock: Clock, pem?: string): () => Promise<ToolKey> {
  let loading: Promise<ToolKey> | undefined;
  return () => {
    loading ??= loadToolKey(db, clock, pem).catch((error) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
