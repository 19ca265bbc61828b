// `@one-on-one/widgets/book-session`: registers <book-session>, unless the name is taken, and exports the class.
import { BookSession } from '../book-session/book-session.ts';

if (!customElements.get('book-session')) customElements.define('book-session', BookSession);

export { BookSession };
