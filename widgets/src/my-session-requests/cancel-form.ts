// <my-session-requests>' cancellation step: why (optional), Yes, cancel or Keep as it is. Loaded the first time the
// student presses Cancel (internal/request-list.ts).
import { RequestCancelledEvent } from '../events/request-cancelled.ts';
import type { SessionRequest } from '../internal/api.ts';
import { type ItemFormHost, renderItemForm } from '../internal/item-form.ts';
import { msg } from '../internal/localize.ts';

/** The cancellation step of `request`. */
export function renderActionForm(host: ItemFormHost, request: SessionRequest) {
  return renderItemForm(host, {
    label: msg('Why are you cancelling? (optional)'),
    confirm: msg('Yes, cancel'),
    onSubmit: () => {
      const reason = host.form?.text.trim();
      host.act(
        () => host.call('PUT', `/api/session/cancel/${encodeURIComponent(request.id)}`, reason ? { reason } : {}),
        (updated) => new RequestCancelledEvent(updated),
        () => (request.status === 'approved' ? msg('Session cancelled.') : msg('Request cancelled.')),
      );
    },
  });
}
