// Styles of <availability-manager>.
import { css } from 'lit';

export const styles = css`
  form { display: grid; gap: var(--_gap); }
  .title { font-weight: 600; margin: 0; }
  .open { color: var(--_accent); }
  .booked { color: var(--_success); }
  .past { color: var(--_muted); }
`;
