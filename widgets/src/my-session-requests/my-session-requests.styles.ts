// Styles of <my-session-requests>.
import { css } from 'lit';

export const styles = css`
  .message { white-space: pre-wrap; }
`;
