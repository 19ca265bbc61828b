// The `slot-created` event: an educator published a slot.
import type { Slot } from '../internal/api.ts';
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when an educator published a slot. `detail.slot` is the slot as the API returned it. */
export class SlotCreatedEvent extends WidgetEvent<{ slot: Slot }> {
  constructor(slot: Slot) {
    super('slot-created', { slot });
  }
}

declare global {
  interface HTMLElementEventMap {
    'slot-created': SlotCreatedEvent;
  }
}
