// The `request-sent` event: a student sent a request for a slot.
import type { SessionRequest } from '../internal/api.ts';
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when a student sent a request for a slot. `detail.request` is the request as the API returned it. */
export class RequestSentEvent extends WidgetEvent<{ request: SessionRequest }> {
  constructor(request: SessionRequest) {
    super('request-sent', { request });
  }
}

declare global {
  interface HTMLElementEventMap {
    'request-sent': RequestSentEvent;
  }
}
