// The Join link of an approved session, the one piece of a request that <book-session> shows too (after booking
// at once): its own module, so that page loads none of the request lists' other pieces.
import { html, nothing } from 'lit';
import type { SessionRequest } from './api.ts';
import { isHttpsUrl } from './format.ts';
import { msg } from './localize.ts';

/** A Join link, only for an approved session with an https: meeting link: nothing else is ever a link. */
export function renderJoin(request: SessionRequest) {
  if (request.status !== 'approved' || !isHttpsUrl(request.meetingLink)) return nothing;
  return html`<a part="join" class="link primary" href=${request.meetingLink} target="_blank" rel="noopener noreferrer"
    >${msg('Join session')}<span class="sr-only"> ${msg('(opens in a new tab)')}</span></a
  >`;
}
