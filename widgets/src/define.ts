// Registers every tag, skipping any already registered, so loading the package twice does not throw.
import './elements/book-session.ts';
import './elements/my-session-requests.ts';
import './elements/session-requests.ts';
import './elements/availability-manager.ts';
