// The pages the links of an email open: approve or reject a request from the inbox, and unsubscribe. Small HTML in
// the reader's language that looks like the widgets (their theme tokens' defaults); no script at all, one style
// element allowed by its hash, forms that post back to the page's own URL.
import { createHash } from 'node:crypto';
import type { RequestView } from '@one-on-one/contract/resources';
import { escapeHtml as e, THEME } from './layout.ts';
import { directionOf, type Reader, sessionTime, wordsOf } from './words.ts';

const STYLE = `
:root { color-scheme: light; font-family: system-ui, sans-serif; line-height: 1.45; color: #1d232b; }
body { margin: 0; padding: 1rem; }
main { max-inline-size: 36rem; margin-inline: auto; display: grid; gap: 0.75rem; }
h1 { font-size: 1.35rem; margin: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 0.75rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
form { border: 1px solid ${THEME.border}; border-radius: ${THEME.radius}; padding: 0.75rem; display: grid; gap: 0.4rem; }
label { font-weight: 600; }
input, textarea { font: inherit; color: inherit; border: 1px solid ${THEME.border}; border-radius: 6px; padding: 0.45em 0.6em; inline-size: 100%; box-sizing: border-box; }
button { font: inherit; justify-self: start; padding: 0.45em 0.9em; border-radius: ${THEME.radius}; cursor: pointer; border: 1px solid ${THEME.border}; background: #fff; }
.primary { background: ${THEME.accent}; border-color: ${THEME.accent}; color: ${THEME.onAccent}; font-weight: 600; }
.danger { color: ${THEME.danger}; }
.problem { color: ${THEME.danger}; }
.notice { border-inline-start: 4px solid ${THEME.accent}; padding-inline-start: 0.8rem; margin: 0; }
.notice.problem { border-color: ${THEME.danger}; }
:focus-visible { outline: 2px solid ${THEME.accent}; outline-offset: 2px; }
`;

/**
 * The headers of every mail page: nothing from elsewhere, no script, the one style element, forms only to this
 * origin, never framed, never cached, no referrer (the URL holds the link's token).
 */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

function page(reader: Reader, title: string, body: string): string {
  const lang = reader.locale;
  return `<!doctype html>
<html lang="${lang}" dir="${directionOf(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** A page that only says something: a refusal (a used, expired or altered link), or the outcome of a form. */
export function noticePage(reader: Reader, message: string, problem: boolean): string {
  const words = wordsOf(reader);
  return page(
    reader,
    words.product(),
    `<h1>${e(words.product())}</h1><p class="notice${problem ? ' problem' : ''}" role="${problem ? 'alert' : 'status'}">${e(message)}</p>`,
  );
}

function requestFacts(reader: Reader, request: RequestView): string {
  const words = wordsOf(reader);
  const facts: [string, string][] = [
    [words['label.when'](), sessionTime(reader, request.startsAt, request.endsAt)],
    [words['label.course'](), request.courseTitle ?? request.courseId],
    ...(request.message ? [[words['label.message'](), request.message] as [string, string]] : []),
  ];
  return `<dl>${facts.map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(value)}</dd>`).join('')}</dl>`;
}

export interface DecideForm {
  action: string;
  meetingLink: string;
  reason: string;
  /** What was wrong with the last post, next to its field. */
  problem?: { decision: 'approve' | 'reject'; message: string };
}

/** The request and its two forms: Approve asks for the meeting link, Reject for a reason. */
export function decidePage(reader: Reader, request: RequestView, form: DecideForm): string {
  const words = wordsOf(reader);
  const student = request.studentName ?? words['someone.student']();
  const problem = (decision: 'approve' | 'reject') =>
    form.problem?.decision === decision
      ? `<p class="problem" role="alert" id="${decision}-problem">${e(form.problem.message)}</p>`
      : '';
  const described = (decision: 'approve' | 'reject') =>
    form.problem?.decision === decision ? ` aria-describedby="${decision}-problem" aria-invalid="true" autofocus` : '';
  return page(
    reader,
    words['decide.title'](),
    `<h1>${e(words['decide.heading']({ student }))}</h1>
${requestFacts(reader, request)}
<form method="post" action="${e(form.action)}" id="approve">
<input type="hidden" name="decision" value="approve">
<label for="meeting-link">${e(words['label.meetingLink']())}</label>
<input id="meeting-link" name="meetingLink" type="url" required maxlength="2048" value="${e(form.meetingLink)}"${described('approve')}>
${problem('approve')}
<button class="primary">${e(words['action.approve']())}</button>
</form>
<form method="post" action="${e(form.action)}" id="reject">
<input type="hidden" name="decision" value="reject">
<label for="reason">${e(words['decide.reasonLabel']())}</label>
<textarea id="reason" name="reason" rows="3" required maxlength="1000"${described('reject')}>${e(form.reason)}</textarea>
${problem('reject')}
<button class="danger">${e(words['action.reject']())}</button>
</form>`,
  );
}

/** The unsubscribe page: one button, since a GET (a mail scanner following the link) must change nothing. */
export function unsubscribePage(reader: Reader, action: string): string {
  const words = wordsOf(reader);
  return page(
    reader,
    words.product(),
    `<h1>${e(words.product())}</h1>
<form method="post" action="${e(action)}">
<p>${e(words['unsubscribe.question']())}</p>
<button class="primary">${e(words['unsubscribe.button']())}</button>
</form>`,
  );
}
