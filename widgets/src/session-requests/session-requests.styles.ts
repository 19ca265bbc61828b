// Styles of <session-requests>.
import { css } from 'lit';

export const styles = css`
  .message { white-space: pre-wrap; }
  .filters { display: flex; flex-wrap: wrap; gap: var(--_gap); }
  .filters label { display: grid; gap: 0.3rem; flex: 1 1 10rem; }
`;
