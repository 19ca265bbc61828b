// The styles of the viewer's settings under both request lists; and, for the elements that import them from here,
// the styles every widget shares (their own module, so the page of <book-session> loads none of the settings').
import { css } from 'lit';

export { sharedStyles } from './shared-styles.ts';

/** The viewer's own settings under a request list: the Notifications switch and Subscribe in your calendar. */
export const settingsStyles = css`
  .settings { display: grid; gap: var(--_gap); margin-block-start: var(--_gap); }
  .settings fieldset { display: grid; gap: 0.4rem; }
  .switch { display: flex; gap: 0.6rem; align-items: center; font-weight: 400; cursor: pointer; }
  /* A track with a knob at the start when off, at the end when on. */
  [role='switch'] {
    appearance: none;
    flex: none;
    inline-size: 2.5rem;
    block-size: 1.4rem;
    margin: 0;
    padding: 0;
    border: 0;
    border-radius: 1rem;
    cursor: pointer;
    background: radial-gradient(circle closest-side, var(--_on-accent) 75%, #0000 80%) 0 / 1.4rem no-repeat var(--_muted);
  }
  [role='switch']:checked, [dir='rtl'] [role='switch'] { background-position: 100%; }
  [dir='rtl'] [role='switch']:checked { background-position: 0; }
  [dir='rtl'] q:dir(ltr) { quotes: '“' '”'; }
  [role='switch']:checked { background-color: var(--_accent); }
  details { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.5rem var(--_gap); }
  summary { cursor: pointer; font-weight: 600; }
  details[open] > summary { margin-block-end: 0.5rem; }
`;
