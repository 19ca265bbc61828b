// The `request-approved` event: an educator approved a request.
import type { SessionRequest } from '../internal/api.ts';
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when an educator approved a request. `detail.request` is the request as the API returned it. */
export class RequestApprovedEvent extends WidgetEvent<{ request: SessionRequest }> {
  constructor(request: SessionRequest) {
    super('request-approved', { request });
  }
}

declare global {
  interface HTMLElementEventMap {
    'request-approved': RequestApprovedEvent;
  }
}
