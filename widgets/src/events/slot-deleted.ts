// The `slot-deleted` event: an educator deleted a slot.
import type { Slot } from '../internal/api.ts';
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when an educator deleted a slot. `detail.slot` is the slot as the API returned it. */
export class SlotDeletedEvent extends WidgetEvent<{ slot: Slot }> {
  constructor(slot: Slot) {
    super('slot-deleted', { slot });
  }
}

declare global {
  interface HTMLElementEventMap {
    'slot-deleted': SlotDeletedEvent;
  }
}
