// What a slot card of <availability-manager> shows once Edit or Delete is pressed: the edit form and the delete
// confirmation, and what they do. Loaded the first time either opens (availability-manager.ts).
import { html, nothing } from 'lit';
import { SeriesDeletedEvent } from '../events/series-deleted.ts';
import { SlotChangedEvent } from '../events/slot-changed.ts';
import { SlotDeletedEvent } from '../events/slot-deleted.ts';
import type { Slot } from '../internal/api.ts';
import { msg, type Say } from '../internal/localize.ts';
import '../locales/en/slot-forms.js';
import type { Draft, draftOf, Problems, renderSlotFields, timesOf } from './slot-fields.ts';

/** What the forms use of slot-fields.ts, from the element's chunk. */
export interface Fields {
  draftOf: typeof draftOf;
  renderSlotFields: typeof renderSlotFields;
  timesOf: typeof timesOf;
}

/** The slot being edited, with its draft and problems. */
export interface Editing {
  slot: Slot;
  draft: Draft;
  problems: Problems;
}

/** What the forms ask of <availability-manager>. */
export interface SlotFormsHost extends HTMLElement {
  editing?: Editing;
  deleting?: { slot: Slot; problem?: Say };
  busy: boolean;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  announce(message: Say): void;
  focusOn(selector: string): Promise<HTMLElement | null>;
  save<T>(run: () => Promise<T>, done: (result: T) => void, failed: (problems: Problems) => void): Promise<void>;
}

/** The open form of `slot`: its edit form if `editing`, else its delete confirmation; `close` closes either. */
export function renderSlotForm(host: SlotFormsHost, fields: Fields, slot: Slot, editing: Editing | undefined, close: () => void) {
  return editing
    ? html`<form part="form" novalidate @submit=${(e: Event) => saveEdit(host, fields, e, editing.slot)}>
            ${fields.renderSlotFields('edit', editing.draft, editing.problems, (patch) => {
              const current = host.editing ?? editing;
              host.editing = { ...current, draft: { ...current.draft, ...patch }, problems: {} };
            })}
            <div class="row">
              <button part="button" class="primary" ?disabled=${host.busy}>${msg('Save changes')}</button>
              <button part="button" type="button" @click=${close}>${msg('Discard')}</button>
            </div>
          </form>`
    : html`<div class="field" role="group" aria-label=${msg('Confirm deletion')}>
              <p>${msg('Delete this slot?')} ${slot.pendingCount ? msg('Its requests awaiting approval will be rejected.') : ''}</p>
              <p class="problem" role="alert">${host.deleting?.problem?.() ?? ''}</p>
              <div class="row">
                <button part="button" class="danger" id="confirm-delete" ?disabled=${host.busy} @click=${() => deleteSlot(host, slot)}>${msg('Yes, delete')}</button>
                ${
                  slot.seriesId
                    ? html`<button part="button" class="danger" ?disabled=${host.busy} @click=${() => deleteSeries(host, slot)}>
                        ${msg('Delete the whole series')}
                      </button>`
                    : nothing
                }
                <button part="button" @click=${close}>${msg('Keep it')}</button>
              </div>
            </div>`;
}

async function saveEdit(host: SlotFormsHost, { draftOf, timesOf }: Fields, event: Event, slot: Slot): Promise<void> {
  event.preventDefault();
  const draft = host.editing?.draft ?? draftOf(slot);
  const original = draftOf(slot);
  const moved = draft.date !== original.date || draft.time !== original.time || draft.minutes !== original.minutes;
  const times = moved ? timesOf(draft) : {};
  if (moved && !('startsAt' in times)) {
    host.editing = { slot, draft, problems: times };
    return;
  }
  await host.save(
    () =>
      host.call<Slot>('PUT', `/api/availability/update/${encodeURIComponent(slot.id)}`, {
        ...times,
        note: draft.note.trim() || null,
      }),
    (updated) => {
      host.editing = undefined;
      host.dispatchEvent(new SlotChangedEvent(updated));
      host.announce(() => msg('Slot updated.'));
      host.focusOn(`#s-${CSS.escape(slot.id)}`);
    },
    (problems) => (host.editing = { slot, draft, problems }),
  );
}

function deleteSlot(host: SlotFormsHost, slot: Slot): Promise<void> {
  return host.save(
    () => host.call<void>('DELETE', `/api/availability/delete/${encodeURIComponent(slot.id)}`),
    () => {
      host.deleting = undefined;
      host.dispatchEvent(new SlotDeletedEvent(slot));
      host.announce(() => msg('Slot deleted.'));
    },
    (problems) => (host.deleting = { slot, problem: problems.when ?? problems.form }),
  );
}

/** Deletes the slot's weekly series: what has not started and is not booked goes, the rest stays. */
function deleteSeries(host: SlotFormsHost, slot: Slot): Promise<void> {
  const seriesId = slot.seriesId as string;
  return host.save(
    () => host.call<{ deleted: number; kept: number }>('DELETE', `/api/availability/series/${encodeURIComponent(seriesId)}`),
    ({ deleted, kept }) => {
      host.deleting = undefined;
      host.dispatchEvent(new SeriesDeletedEvent(seriesId, deleted, kept));
      host.announce(() =>
        kept
          ? msg(
              '{deleted, plural, one {Series deleted: # slot removed,} other {Series deleted: # slots removed,}} {kept, plural, one {# booked or started slot kept.} other {# booked or started slots kept.}}',
              { deleted, kept },
            )
          : msg('{n, plural, one {Series deleted: # slot removed.} other {Series deleted: # slots removed.}}', { n: deleted }),
      );
    },
    (problems) => (host.deleting = { slot, problem: problems.form }),
  );
}
