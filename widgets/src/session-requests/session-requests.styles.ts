// Styles of <session-requests>, its views' too (Students and Reports load later; their few rules come with the element).
import { css } from 'lit';

export const styles = css`
  .message { white-space: pre-wrap; }
  .filters { display: flex; flex-wrap: wrap; gap: var(--_gap); }
  .filters label { display: grid; gap: 0.3rem; flex: 1 1 10rem; }
  .panel { display: grid; gap: var(--_gap); }
  .tabs { display: flex; flex-wrap: wrap; gap: 0.25rem; border-block-end: 1px solid var(--_border); }
  [role='tab'] { border: 0; border-block-end: 3px solid transparent; border-radius: var(--_radius) var(--_radius) 0 0; }
  [role='tab'][aria-selected='true'] { border-color: var(--_accent); font-weight: 600; }
  [aria-disabled='true'] { opacity: 0.55; cursor: progress; }
  input[type='checkbox']:not([role='switch']) { width: auto; margin: 0; accent-color: var(--_accent); }
  .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: var(--_gap); margin: 0; }
  .stats div { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.5rem var(--_gap); }
  dd { margin: 0; font-size: 1.4em; font-weight: 700; }
  table { border-collapse: collapse; width: 100%; }
  caption { text-align: start; font-weight: 600; padding-block-end: 0.3rem; }
  th, td { text-align: start; padding: 0.35rem 0.5rem; border-block-end: 1px solid var(--_border); }
  td { font-variant-numeric: tabular-nums; }
`;
