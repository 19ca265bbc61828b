// The `slot-changed` event: an educator moved a slot or changed its note.
import type { Slot } from '../internal/api.ts';
import { WidgetEvent } from '../internal/widget-event.ts';

/** Fired when an educator moved a slot or changed its note. `detail.slot` is the slot as the API returned it. */
export class SlotChangedEvent extends WidgetEvent<{ slot: Slot }> {
  constructor(slot: Slot) {
    super('slot-changed', { slot });
  }
}

declare global {
  interface HTMLElementEventMap {
    'slot-changed': SlotChangedEvent;
  }
}
