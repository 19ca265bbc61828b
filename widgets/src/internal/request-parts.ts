// Pieces both request lists show: status badges, reasons, the Join link and the calendar download (and other files).
import type { ReasonCode, RequestAction, RequestStatus } from '@one-on-one/contract/vocabulary';
import { html, nothing } from 'lit';
import type { SessionRequest } from './api.ts';
import { now } from './clock.ts';
import { formatWhen } from './format.ts';
import { msg } from './localize.ts';

export { renderJoin } from './join-link.ts';

/** One word per status, the same in the badge, the filter and the announcements. */
const statusLabels: Record<RequestStatus, () => string> = {
  pending: () => msg('Awaiting approval'),
  approved: () => msg('Approved'),
  rejected: () => msg('Rejected'),
  completed: () => msg('Completed'),
  cancelled: () => msg('Cancelled'),
};

/** The filter's name for a status: `rejected` also holds the requests that expired undecided. */
export const statusLabel = (status: RequestStatus) =>
  status === 'rejected' ? msg('Rejected or expired') : statusLabels[status]();

/**
 * A request nobody decided before its session started: the API lists it as `rejected` and says why with the
 * reason code `expired`. It is shown as expired, not as rejected by the educator.
 */
export const isExpired = (request: SessionRequest) => request.reasonCode === 'expired';

export const renderBadge = (request: SessionRequest) =>
  isExpired(request)
    ? html`<span part="badge" class="muted">${msg('Expired')}</span>`
    : html`<span part="badge" class=${request.status}>${statusLabels[request.status]()}</span>`;

/** The session has not started: it can still be decided or cancelled. */
export const isUpcoming = (request: SessionRequest) => Date.parse(request.startsAt) > now();

/** What the educator recorded about attendance, once they have. */
export function renderAttendance(request: SessionRequest) {
  if (request.attended === null) return nothing;
  return html`<p part="attendance" class=${request.attended ? 'approved' : 'muted'}>${request.attended ? msg('Attended') : msg('Did not attend')}</p>`;
}

/** The reasons the system writes (`reasonCode`), in the viewer's language; the API's English is for logs. */
const systemReasons: Record<ReasonCode, () => string> = {
  moved: () => msg('Moved to another time.'),
  another_booked: () => msg('Another student was booked for this time.'),
  slot_removed: () => msg('The educator removed this time slot.'),
  expired: () => msg('Not approved before the session started.'),
};

/**
 * Why it was rejected or cancelled, introduced in the viewer's words: the system's reason in the viewer's language,
 * a person's as they wrote it.
 */
export function renderReason(request: SessionRequest) {
  const code = request.reasonCode;
  if (isExpired(request)) return html`<p part="reason" class="muted">${systemReasons.expired()}</p>`;
  if (request.status === 'rejected' && (code || request.rejectionReason)) {
    const reason = code ? systemReasons[code]() : request.rejectionReason;
    return html`<p part="reason"><span class="muted">${msg('Reason:')}</span> <bdi>${reason}</bdi></p>`;
  }
  if (request.status === 'cancelled') {
    const who = request.cancelledBy === 'educator' ? msg('Cancelled by the educator.') : msg('Cancelled by the student.');
    return html`<p part="reason"><span class="muted">${who}</span> <bdi>${code ? systemReasons[code]() : (request.cancellationReason ?? '')}</bdi></p>`;
  }
  return nothing;
}

/** Whether the API lets the viewer take `action` on the request now: the buttons follow `actions` alone. */
export const can = (request: SessionRequest, action: RequestAction) => request.actions.includes(action);

/** Saves `file` as `name`: a file fetched with the viewer's token, which a plain link could not carry. */
export function saveFile(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves the session's .ics. */
export const saveCalendar = (calendar: Blob, request: SessionRequest) =>
  saveFile(calendar, `session-${request.startsAt.slice(0, 10)}.ics`);

/** "Intro to Algorithms · Tue, Dec 1, 10:00 – 10:30 CET" */
export const describeSession = (request: SessionRequest) =>
  `${request.courseTitle ?? request.courseId} · ${formatWhen(request.startsAt, request.endsAt)}`;
