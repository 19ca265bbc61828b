// Styles of <my-session-requests>.
import { css } from 'lit';

export const styles = css`
  .title { font-weight: 600; margin: 0; }
  .message { white-space: pre-wrap; }
`;
