// Styles of <availability-manager>.
import { css } from 'lit';

export const styles = css`
  form { display: grid; gap: var(--_gap); }
  .open { color: var(--_accent); }
  .booked { color: var(--_success); }
  .past { color: var(--_muted); }
  [part~='day'] { font-size: 1rem; margin: var(--_gap) 0 0.4rem; }
  [part~='list'] { gap: 0.4rem; }
  [part~='list'] [part~='item'] { padding: 0.5rem 0.7rem; gap: 0.25rem; }
  details { border: 1px dashed var(--_border); border-radius: var(--_radius); padding: 0.5rem var(--_gap); }
  summary { cursor: pointer; font-weight: 600; }
  .series { margin-block-start: var(--_gap); }
  .weekdays { display: flex; flex-wrap: wrap; gap: 0.35rem 0.9rem; }
  .weekdays label, .check { display: inline-flex; gap: 0.35rem; align-items: center; font-weight: 400; }
  .check input, .weekdays input { width: auto; }
  .conflicts { margin: 0; padding-inline-start: 1.2rem; color: var(--_danger); }
`;
