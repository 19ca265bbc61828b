// The `series-deleted` event: an educator deleted a weekly series; `detail.
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when an educator deleted a weekly series; `detail.kept` counts its booked or started slots, which stay. */
export class SeriesDeletedEvent extends WidgetEvent<{ seriesId: string; deleted: number; kept: number }> {
  constructor(seriesId: string, deleted: number, kept: number) {
    super('series-deleted', { seriesId, deleted, kept });
  }
}

declare global {
  interface HTMLElementEventMap {
    'series-deleted': SeriesDeletedEvent;
  }
}
