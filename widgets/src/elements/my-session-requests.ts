// `@one-on-one/widgets/my-session-requests`: registers <my-session-requests>, unless the name is taken, and exports the class.
import { MySessionRequests } from '../my-session-requests/my-session-requests.ts';

if (!customElements.get('my-session-requests')) customElements.define('my-session-requests', MySessionRequests);

export { MySessionRequests };
