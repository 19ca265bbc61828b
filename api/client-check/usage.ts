// A host developer's client, generated from the served OpenAPI document with openapi-typescript and used
// through openapi-fetch. The API tests generate `schema.d.ts`, type-check this file, then run it.
import createClient from 'openapi-fetch';
import type { paths } from './schema.d.ts';

export type Fetch = (request: Request) => Promise<Response>;

/** The educator approves their oldest pending request; answers its new status, or the error code. */
export async function approveOldestPending(token: string, fetch: Fetch) {
  const client = createClient<paths>({
    baseUrl: 'https://sessions.example.edu',
    fetch,
    headers: { Authorization: `Bearer ${token}` },
  });
  const pending = await client.GET('/api/session/educator/requests', { params: { query: { status: 'pending', limit: 10 } } });
  if (pending.error) return pending.error.code;
  const oldest = pending.data.items[0];
  if (!oldest) return 'none';
  const approved = await client.PUT('/api/session/approve/{requestId}', {
    params: { path: { requestId: oldest.id } },
    body: { meetingLink: 'https://meet.example.com/office-hours' },
  });
  if (approved.error) return approved.error.code;
  // @ts-expect-error the document lists every field of a request, and this is not one
  approved.data.secret;
  const status: 'pending' | 'approved' | 'rejected' | 'completed' | 'cancelled' = approved.data.status;
  return status;
}
