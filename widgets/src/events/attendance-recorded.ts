// The `attendance-recorded` event: an educator recorded whether the student came to a session.
import type { SessionRequest } from '../internal/api.ts';
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when an educator recorded attendance. `detail.request` is the request as the API returned it. */
export class AttendanceRecordedEvent extends WidgetEvent<{ request: SessionRequest }> {
  constructor(request: SessionRequest) {
    super('attendance-recorded', { request });
  }
}

declare global {
  interface HTMLElementEventMap {
    'attendance-recorded': AttendanceRecordedEvent;
  }
}
