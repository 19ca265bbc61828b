// The `request-cancelled` event: a student withdrew a request, or an educator called off a session.
import type { SessionRequest } from '../internal/api.ts';
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when a student withdrew a request, or an educator called off a session. `detail.request` is the request as the API returned it. */
export class RequestCancelledEvent extends WidgetEvent<{ request: SessionRequest }> {
  constructor(request: SessionRequest) {
    super('request-cancelled', { request });
  }
}

declare global {
  interface HTMLElementEventMap {
    'request-cancelled': RequestCancelledEvent;
  }
}
