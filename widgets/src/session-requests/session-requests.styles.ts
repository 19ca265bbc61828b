// Styles of <session-requests> and its tabs (Students and Reports bring their own when they load).
import { css } from 'lit';

export const styles = css`
  .message { white-space: pre-wrap; }
  .filters { display: flex; flex-wrap: wrap; gap: var(--_gap); }
  .filters label { display: grid; gap: 0.3rem; flex: 1 1 10rem; }
  .panel { display: grid; gap: var(--_gap); }
  .tabs { display: flex; flex-wrap: wrap; gap: 0.25rem; border-block-end: 1px solid var(--_border); }
  [role='tab'] { border: 0; border-block-end: 3px solid transparent; border-radius: var(--_radius) var(--_radius) 0 0; }
  [role='tab'][aria-selected='true'] { border-color: var(--_accent); font-weight: 600; }
  [aria-pressed='true'] { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); font-weight: 600; }
`;
