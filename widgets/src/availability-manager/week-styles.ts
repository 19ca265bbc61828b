// Styles of <availability-manager>'s week view: eight columns (the hours, then the days), half-hour rows.
import { css } from 'lit';

export const weekStyles = css`
  .grid { --row: 2rem; display: grid; border-block-start: 1px solid var(--_border); user-select: none; }
  .wrow { display: grid; grid-template-columns: 4.5rem repeat(7, minmax(0, 1fr)); }
  .day { text-align: center; font-weight: 600; padding: 0.3rem 0; }
  .day[aria-current] { color: var(--_accent); }
  .hour { font-size: 0.75em; line-height: 1; white-space: nowrap; transform: translateY(-0.5em); padding-inline-end: 0.3rem; text-align: end; }
  .cell { position: relative; height: var(--row); border-inline-start: 1px solid var(--_border); border-block-end: 1px dotted var(--_border); cursor: cell; }
  .wrow:nth-child(odd) .cell { border-block-end-style: solid; }
  .cell:focus-visible { outline-offset: -2px; z-index: 2; }
  .chosen { background: color-mix(in srgb, var(--_accent) 18%, transparent); }
  .slot {
    position: absolute; inset-inline: 2px; z-index: 1; overflow: hidden; display: flex; flex-flow: row wrap; align-content: flex-start; gap: 0; text-align: start;
    padding: 0.1rem 0.3rem; font-size: 0.75em; line-height: 1.2; border-radius: calc(var(--_radius) * 0.6);
    border: 1px solid currentColor; border-inline-start-width: 4px; background: var(--_surface, #fff);
  }
  .slot > :first-child { flex-basis: 100%; }
  .slot [part~='badge'] { display: inline-block; margin-inline-end: 0.2rem; padding: 0 0.4em; }
  .slot.open { color: var(--_accent); }
  .slot.requested { color: var(--_accent); border-style: dashed; border-inline-start-style: solid; }
  .slot.booked { color: var(--_on-accent); background: var(--_success); border-color: var(--_success); }
  .slot.past { color: var(--_muted); }
  .details { display: grid; gap: 0.5rem; justify-items: start; }
  .details ul { justify-self: stretch; }
`;
