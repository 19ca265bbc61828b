// The script served at /widgets.js: `configure`, the event classes, `ApiError` and `discover`; it registers each
// tag and imports the element's code (a chunk beside it) the first time the tag is on the page, so a page loads only
// the elements it uses. The element classes are not exported here: `customElements.get(tag)` once it is defined.
import { autoload } from './internal/autoload.ts';
import { pageSettings } from './internal/config.ts';
import { loadLocale, localeOf } from './internal/localize.ts';
import { together } from './internal/together.ts';

export { AttendanceRecordedEvent } from './events/attendance-recorded.ts';
export { RequestApprovedEvent } from './events/request-approved.ts';
export { RequestCancelledEvent } from './events/request-cancelled.ts';
export { RequestRejectedEvent } from './events/request-rejected.ts';
export { RequestSentEvent } from './events/request-sent.ts';
export { SeriesCreatedEvent } from './events/series-created.ts';
export { SeriesDeletedEvent } from './events/series-deleted.ts';
export { SlotChangedEvent } from './events/slot-changed.ts';
export { SlotCreatedEvent } from './events/slot-created.ts';
export { SlotDeletedEvent } from './events/slot-deleted.ts';
export { ApiError, type CourseSlot, type Me, type RequestStatus, type SessionRequest, type Slot } from './internal/api.ts';
export { configure, type TokenProvider, type WidgetConfig } from './internal/config.ts';

/**
 * Registers the widgets' tags found in `root` and in whatever is added to it later. The document is watched from
 * the start; call it for each shadow root of your own that holds a widget. Resolves once each tag found in `root`
 * is defined. The texts of the page's language load alongside the element's code; elements found at once load from
 * one file.
 */
export const discover = autoload(
  {
    'book-session': () => import('./book-session/book-session.ts').then((module) => module.BookSession),
    'my-session-requests': () =>
      import('./my-session-requests/my-session-requests.ts').then((module) => module.MySessionRequests),
    'session-requests': () => import('./session-requests/session-requests.ts').then((module) => module.SessionRequests),
    'availability-manager': () =>
      import('./availability-manager/availability-manager.ts').then((module) => module.AvailabilityManager),
  },
  () => loadLocale(localeOf(document.documentElement, pageSettings().locale)),
  together,
);
