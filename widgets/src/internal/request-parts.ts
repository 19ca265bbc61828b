// Pieces both request lists show: status badges, reasons, the Join link and the calendar download.
import { html, nothing } from 'lit';
import type { RequestStatus, SessionRequest } from './api.ts';
import { now } from './clock.ts';
import { formatWhen, isHttpsUrl } from './format.ts';

const statusLabels: Record<RequestStatus, string> = {
  pending: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Declined',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const statuses = Object.keys(statusLabels) as RequestStatus[];
export const statusLabel = (status: RequestStatus) => statusLabels[status];

export const renderBadge = (status: RequestStatus) => html`<span part="badge" class=${status}>${statusLabels[status]}</span>`;

/** The session has not started: it can still be decided or cancelled. */
export const isUpcoming = (request: SessionRequest) => Date.parse(request.startsAt) > now();

/** Why it was declined or cancelled, in words for the viewer. */
/** What the educator recorded about attendance, once they have. */
export function renderAttendance(request: SessionRequest) {
  if (request.attended === null) return nothing;
  return html`<p part="attendance" class=${request.attended ? 'approved' : 'muted'}>${request.attended ? 'Attended' : 'Did not attend'}</p>`;
}

export function renderReason(request: SessionRequest) {
  if (request.status === 'rejected' && request.rejectionReason) {
    return html`<p part="reason"><span class="muted">Reason:</span> ${request.rejectionReason}</p>`;
  }
  if (request.status === 'cancelled') {
    const who = request.cancelledBy === 'educator' ? 'the educator' : 'the student';
    return html`<p part="reason"><span class="muted">Cancelled by ${who}${request.cancellationReason ? ':' : '.'}</span> ${request.cancellationReason ?? ''}</p>`;
  }
  return nothing;
}

/** A Join link, only for an approved session with an https: meeting link: nothing else is ever a link. */
export function renderJoin(request: SessionRequest) {
  if (request.status !== 'approved' || !isHttpsUrl(request.meetingLink)) return nothing;
  return html`<a part="join" class="link primary" href=${request.meetingLink} target="_blank" rel="noopener noreferrer"
    >Join session<span class="sr-only"> (opens in a new tab)</span></a
  >`;
}

/** Whether the API lets the viewer take `action` on the request now: the buttons follow `actions` alone. */
export const can = (request: SessionRequest, action: SessionRequest['actions'][number]) => request.actions.includes(action);

/** Saves the session's .ics, fetched with the viewer's token (a plain link could not carry it). */
export function saveCalendar(calendar: Blob, request: SessionRequest): void {
  const url = URL.createObjectURL(calendar);
  const link = Object.assign(document.createElement('a'), {
    href: url,
    download: `session-${request.startsAt.slice(0, 10)}.ics`,
  });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "Intro to Algorithms · Tue, Dec 1, 10:00 – 10:30 CET" */
export const describeSession = (request: SessionRequest) =>
  `${request.courseTitle ?? request.courseId} · ${formatWhen(request.startsAt, request.endsAt)}`;
