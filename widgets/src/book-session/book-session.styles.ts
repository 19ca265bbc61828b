// Styles of <book-session>.
import { css } from 'lit';

export const styles = css`
  :host { container-type: inline-size; }
  form { display: grid; gap: var(--_gap); align-items: start; }
  /* Wide enough: the times on the start side, the message and Send beside them. */
  @container (min-width: 40rem) { form { grid-template-columns: minmax(0, 3fr) minmax(14rem, 2fr); } }
  .compose { display: grid; gap: var(--_gap); }
  /* A fixed height whatever is inside, so that loading, empty and loaded take the same room. */
  .choices { block-size: var(--oo-list-height, 20rem); overflow-y: auto; overscroll-behavior: contain; padding: 2px; }
  .empty { display: grid; gap: var(--_gap); justify-items: start; }
  .counter { font-size: 0.85em; text-align: end; }
`;
