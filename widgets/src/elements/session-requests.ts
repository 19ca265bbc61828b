// `@one-on-one/widgets/session-requests`: registers <session-requests>, unless the name is taken, and exports the class.
import { SessionRequests } from '../session-requests/session-requests.ts';

if (!customElements.get('session-requests')) customElements.define('session-requests', SessionRequests);

export { SessionRequests };
