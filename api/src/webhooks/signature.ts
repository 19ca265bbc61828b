// Webhook signatures in the style of Standard Webhooks: HMAC-SHA256 over "id.timestamp.body".
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The key of a secret: base64 after a `whsec_` prefix, otherwise the secret's UTF-8 bytes. */
export function webhookKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

/** The `webhook-signature` header value for a message. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', webhookKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** How far a webhook's timestamp may be from the receiver's clock before it is refused as replayed. */
export const TOLERANCE_SECONDS = 5 * 60;

/**
 * What a host does with a delivery: true only if one of the `webhook-signature` values matches the
 * body under the shared secret and the timestamp is recent.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  now = new Date(),
): boolean {
  const id = headers['webhook-id'];
  const timestamp = Number(headers['webhook-timestamp']);
  if (!id || !Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signWebhook(secret, id, timestamp, body));
  return (headers['webhook-signature'] ?? '').split(' ').some((given) => {
    const candidate = Buffer.from(given);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
}
