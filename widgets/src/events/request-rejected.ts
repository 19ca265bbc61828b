// The `request-rejected` event: an educator rejected a request.
import type { SessionRequest } from '../internal/api.ts';
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when an educator rejected a request. `detail.request` is the request as the API returned it. */
export class RequestRejectedEvent extends WidgetEvent<{ request: SessionRequest }> {
  constructor(request: SessionRequest) {
    super('request-rejected', { request });
  }
}

declare global {
  interface HTMLElementEventMap {
    'request-rejected': RequestRejectedEvent;
  }
}
