// The `series-created` event: an educator published a weekly series.
import type { Slot } from '../internal/api.ts';
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when an educator published a weekly series. `detail.slots` are its slots as the API returned them. */
export class SeriesCreatedEvent extends WidgetEvent<{ seriesId: string; slots: Slot[] }> {
  constructor(seriesId: string, slots: Slot[]) {
    super('series-created', { seriesId, slots });
  }
}

declare global {
  interface HTMLElementEventMap {
    'series-created': SeriesCreatedEvent;
  }
}
