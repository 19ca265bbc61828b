// <session-requests>' forms on a request: Approve with the meeting link, Reject or Cancel session with a reason.
// Loaded the first time one opens (internal/request-list.ts).
import { RequestApprovedEvent } from '../events/request-approved.ts';
import { RequestCancelledEvent } from '../events/request-cancelled.ts';
import { RequestRejectedEvent } from '../events/request-rejected.ts';
import type { SessionRequest } from '../internal/api.ts';
import { isHttpsUrl } from '../internal/format.ts';
import { type ItemFormHost, renderItemForm } from '../internal/item-form.ts';
import { msg, type Say } from '../internal/localize.ts';
import type { ItemForm } from '../internal/request-list.ts';

/** The open form on `request`: approve, reject or cancel. */
export function renderActionForm(host: ItemFormHost, request: SessionRequest) {
  const action = host.form?.action;
  return action === 'approve'
    ? renderItemForm(host, {
        label: msg('Meeting link'),
        hint: msg('The student sees it once approved. It must start with https://'),
        type: 'url',
        required: true,
        confirm: msg('Approve'),
        onSubmit: () => approve(host, request),
      })
    : renderItemForm(host, {
        label: msg('Reason for the student'),
        required: true,
        confirm: action === 'reject' ? msg('Reject') : msg('Cancel session'),
        onSubmit: () => decide(host, request, action === 'reject' ? action : 'cancel'),
      });
}

function approve(host: ItemFormHost, request: SessionRequest): Promise<void> | void {
  const meetingLink = host.form?.text.trim() ?? '';
  if (!isHttpsUrl(meetingLink)) return refuse(host, () => msg('Enter a full meeting link that starts with https://'));
  return host.act(
    () => host.call('PUT', `/api/session/approve/${encodeURIComponent(request.id)}`, { meetingLink }),
    (updated) => new RequestApprovedEvent(updated),
    () => msg('Request approved.'),
  );
}

/** Says in the open form why it cannot be sent, focus on its field. */
function refuse(host: ItemFormHost, problem: Say): void {
  host.form = { ...(host.form as ItemForm), problem };
  host.focusOn('#form-input');
}

function decide(host: ItemFormHost, request: SessionRequest, action: 'reject' | 'cancel'): Promise<void> | void {
  const reason = host.form?.text.trim() ?? '';
  if (!reason) return refuse(host, () => msg('Please give the student a reason.'));
  return host.act(
    () => host.call('PUT', `/api/session/${action}/${encodeURIComponent(request.id)}`, { reason }),
    (updated) => (action === 'reject' ? new RequestRejectedEvent(updated) : new RequestCancelledEvent(updated)),
    () => (action === 'reject' ? msg('Request rejected.') : msg('Session cancelled.')),
  );
}
