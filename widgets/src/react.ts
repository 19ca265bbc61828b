// The widgets as React components (`@one-on-one/widgets/react`), made with @lit/react: typed props for the
// elements' properties, and an `on…` prop for each event (`onRequestSent` for `request-sent`). Importing this
// module registers the tags.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { AvailabilityManager as AvailabilityManagerElement } from './availability-manager/availability-manager.ts';
import { BookSession as BookSessionElement } from './book-session/book-session.ts';
import './define.ts';
import type { AttendanceRecordedEvent } from './events/attendance-recorded.ts';
import type { RequestApprovedEvent } from './events/request-approved.ts';
import type { RequestCancelledEvent } from './events/request-cancelled.ts';
import type { RequestRejectedEvent } from './events/request-rejected.ts';
import type { RequestSentEvent } from './events/request-sent.ts';
import type { SeriesCreatedEvent } from './events/series-created.ts';
import type { SeriesDeletedEvent } from './events/series-deleted.ts';
import type { SlotChangedEvent } from './events/slot-changed.ts';
import type { SlotCreatedEvent } from './events/slot-created.ts';
import type { SlotDeletedEvent } from './events/slot-deleted.ts';
import { MySessionRequests as MySessionRequestsElement } from './my-session-requests/my-session-requests.ts';
import { SessionRequests as SessionRequestsElement } from './session-requests/session-requests.ts';

/** `<book-session>`: a student picks an open time of a course and sends a request. */
export const BookSession = createComponent({
  tagName: 'book-session',
  elementClass: BookSessionElement,
  react: React,
  events: { onRequestSent: 'request-sent' as EventName<RequestSentEvent> },
});

/** `<my-session-requests>`: the student's requests, with Join, Add to calendar, Move and Cancel. */
export const MySessionRequests = createComponent({
  tagName: 'my-session-requests',
  elementClass: MySessionRequestsElement,
  react: React,
  events: {
    onRequestCancelled: 'request-cancelled' as EventName<RequestCancelledEvent>,
    onRequestSent: 'request-sent' as EventName<RequestSentEvent>,
  },
});

/** `<session-requests>`: the educator's incoming requests, to approve, reject, cancel and mark attendance. */
export const SessionRequests = createComponent({
  tagName: 'session-requests',
  elementClass: SessionRequestsElement,
  react: React,
  events: {
    onRequestApproved: 'request-approved' as EventName<RequestApprovedEvent>,
    onRequestRejected: 'request-rejected' as EventName<RequestRejectedEvent>,
    onRequestCancelled: 'request-cancelled' as EventName<RequestCancelledEvent>,
    onAttendanceRecorded: 'attendance-recorded' as EventName<AttendanceRecordedEvent>,
  },
});

/** `<availability-manager>`: the educator's slots and weekly office hours, created, edited and deleted. */
export const AvailabilityManager = createComponent({
  tagName: 'availability-manager',
  elementClass: AvailabilityManagerElement,
  react: React,
  events: {
    onSlotCreated: 'slot-created' as EventName<SlotCreatedEvent>,
    onSlotChanged: 'slot-changed' as EventName<SlotChangedEvent>,
    onSlotDeleted: 'slot-deleted' as EventName<SlotDeletedEvent>,
    onSeriesCreated: 'series-created' as EventName<SeriesCreatedEvent>,
    onSeriesDeleted: 'series-deleted' as EventName<SeriesDeletedEvent>,
  },
});
