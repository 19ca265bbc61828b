// The OpenAPI document's front matter: what the API is, how to authenticate, how errors look.
export const apiDescription = {
  openapi: '3.1.0',
  info: {
    title: 'One-on-one sessions API',
    version: '1.0.0',
    description: [
      'Students book one-on-one live sessions with the educators of their courses.',
      '',
      '**Identity.** The host platform signs a short-lived HS256 JWT with the shared `AUTH_SECRET`',
      '(`sub`, optional `name`, `courses: [{ id, role: "student" | "educator", title? }]`, `exp`, optional `nbf`)',
      'and the widgets send it as `Authorization: Bearer <jwt>`.',
      '',
      '**Errors** are `application/problem+json` (RFC 9457) with a machine-readable `code`; validation errors',
      'list the failing fields in `errors`. Checks run in the order 401, 400, 404, 403, 409. Acting on another',
      "user's slot or request answers 404, so nothing reveals that it exists.",
      '',
      '**Times** are ISO 8601 UTC strings with milliseconds; input times must carry `Z` or an offset.',
      '',
      '**Derived states.** An approved session whose end has passed reads `completed`; a pending request whose',
      'start passed without a decision reads `rejected` with the reason "Not approved before the session started."',
      'and `decidedAt` equal to its start.',
      '',
      '**Limits.** Bodies up to 16 KiB (413), request headers up to 32 KiB (431), and `RATE_LIMIT_PER_MINUTE`',
      'writes per user per minute on each API process (429 with `Retry-After`).',
    ].join('\n'),
  },
  tags: [
    { name: 'Availability', description: 'Slots educators publish' },
    { name: 'Sessions', description: 'Requests students send and educators decide' },
    { name: 'Identity', description: 'The caller and the service' },
  ],
};
