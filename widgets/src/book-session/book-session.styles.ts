// Styles of <book-session>.
import { css } from 'lit';

export const styles = css`
  form { display: grid; gap: var(--_gap); }
  /* A fixed height whatever is inside, so that loading, empty and loaded take the same room. */
  .choices { block-size: var(--oo-list-height, 20rem); overflow-y: auto; overscroll-behavior: contain; padding: 2px; }
  .choices h3:first-child { margin-block-start: 0.25rem; }
  .slots { display: grid; gap: 0.4rem; }
  .slot { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; font-weight: 400; padding: 0.55rem 0.7rem; cursor: pointer; }
  .slot:has(input:checked) { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
  .slot:has(input:disabled) { cursor: default; }
  .when { display: flex; flex-wrap: wrap; column-gap: 0.6rem; flex: 1; }
  .time { white-space: nowrap; }
  .counter { font-size: 0.85em; text-align: end; }
`;
