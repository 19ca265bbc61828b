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
  .days { display: flex; gap: 0.4rem; overflow-x: auto; position: relative; padding: 2px 2px 0.4rem; }
  .days button { flex: none; display: grid; justify-items: center; gap: 0; padding: 0.35em 0.7em; line-height: 1.3; }
  .days [aria-pressed='true'] { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); font-weight: 600; }
  .days .more { margin: 0; }
  .slots { display: grid; gap: 0.4rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr)); }
  .slot { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; padding: 0.45rem 0.6rem; cursor: pointer; }
  .slot:has(input:checked) { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
  .slot:has(input:disabled) { cursor: default; }
  .when { display: grid; flex: 1; min-inline-size: 0; }
  .time { white-space: nowrap; }
  .empty { display: grid; gap: var(--_gap); justify-items: start; }
  .counter { font-size: 0.85em; text-align: end; }
`;
