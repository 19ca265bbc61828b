// Styles every widget shares: theme tokens with fallbacks, controls, badges, states.
import { css } from 'lit';

export const sharedStyles = css`
  :host {
    display: block;
    font: inherit;
    color: inherit;
    --_accent: var(--oo-accent, #2557d6);
    --_on-accent: var(--oo-on-accent, #fff);
    --_surface: var(--oo-surface, transparent);
    --_border: var(--oo-border, color-mix(in srgb, currentColor 22%, transparent));
    --_muted: color-mix(in srgb, currentColor 80%, transparent);
    --_danger: var(--oo-danger, #c0262d);
    --_success: var(--oo-success, #1b7f4b);
    --_radius: var(--oo-radius, 8px);
    --_gap: var(--oo-gap, 0.75rem);
  }
  [hidden], .problem:empty { display: none !important; }
  * { box-sizing: border-box; }
  [part~='base'] { display: grid; gap: var(--_gap); background: var(--_surface); }
  .heading { font-weight: 700; margin: var(--_gap) 0 0.25rem; }
  ul { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_gap); }
  p { margin: 0; }
  fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
  legend, label { font-weight: 600; }
  legend { padding: 0; }
  button, input, select, textarea { font: inherit; color: inherit; }
  input, select, textarea {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.45em 0.6em;
    width: 100%;
  }
  input[type='radio'] { width: auto; accent-color: var(--_accent); }
  button, .link {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: none;
    padding: 0.45em 0.9em;
    cursor: pointer;
    text-decoration: none;
  }
  .primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); font-weight: 600; }
  .danger { color: var(--_danger); }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  .more { margin-block-start: var(--_gap); }
  :focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
  [part~='item'] { border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_gap); display: grid; gap: 0.4rem; }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  .spread { justify-content: space-between; }
  .muted { color: var(--_muted); }
  .title { font-weight: 600; }
  .field { display: grid; gap: 0.3rem; }
  .fields { display: grid; gap: var(--_gap); grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); }
  .problem { color: var(--_danger); }
  [part~='badge'] { font-size: 0.8em; font-weight: 600; border-radius: 999px; padding: 0.1em 0.65em; border: 1px solid currentColor; }
  .pending { color: var(--_accent); }
  .approved, .completed { color: var(--_success); }
  .rejected, .cancelled { color: var(--_danger); }
  .skeleton { display: grid; gap: var(--_gap); }
  .skeleton > div { height: 3.2rem; border-radius: var(--_radius); background: color-mix(in srgb, currentColor 8%, transparent); }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
