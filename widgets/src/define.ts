// Registers every tag, skipping any already registered, so loading the bundle twice does not throw.
import { AvailabilityManager } from './availability-manager/availability-manager.ts';
import { BookSession } from './book-session/book-session.ts';
import { MySessionRequests } from './my-session-requests/my-session-requests.ts';
import { SessionRequests } from './session-requests/session-requests.ts';

const tags: [string, CustomElementConstructor][] = [
  ['book-session', BookSession],
  ['my-session-requests', MySessionRequests],
  ['session-requests', SessionRequests],
  ['availability-manager', AvailabilityManager],
];

for (const [tag, element] of tags) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
