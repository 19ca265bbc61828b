// The package's exports: element classes, event classes, types and configure(). No side effects.
export { AvailabilityManager } from './availability-manager/availability-manager.ts';
export { BookSession } from './book-session/book-session.ts';
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
export { MySessionRequests } from './my-session-requests/my-session-requests.ts';
export { SessionRequests } from './session-requests/session-requests.ts';
