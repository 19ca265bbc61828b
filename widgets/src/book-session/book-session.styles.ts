// Styles of <book-session>.
import { css } from 'lit';

export const styles = css`
  .slots { display: grid; gap: 0.4rem; }
  .slot { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; font-weight: 400; padding: 0.55rem 0.7rem; cursor: pointer; }
  .slot:has(input:checked) { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
  .slot:has(input:disabled) { cursor: default; }
  .when { display: flex; flex-wrap: wrap; column-gap: 0.6rem; flex: 1; }
  .time { white-space: nowrap; }
  .counter { font-size: 0.85em; text-align: end; }
`;
