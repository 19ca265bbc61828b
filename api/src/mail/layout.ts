// A letter as an email's two parts: plain text, and HTML that looks like the widgets (their theme tokens' defaults,
// inline, as mail apps drop style sheets). Every name, message and reason is escaped; Arabic reads right to left.
import type { Letter } from './kinds.ts';
import { directionOf, type Reader, wordsOf } from './words.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

/** The widgets' default theme tokens (`--oo-accent`, `--oo-danger`, `--oo-radius`…). */
export const THEME = {
  accent: '#2557d6',
  onAccent: '#fff',
  danger: '#c0262d',
  border: '#c9ced6',
  muted: '#5b6472',
  radius: '8px',
};

const BUTTON: Record<Letter['actions'][number]['tone'], string> = {
  primary: `background:${THEME.accent};border:1px solid ${THEME.accent};color:${THEME.onAccent};font-weight:600`,
  danger: `background:#fff;border:1px solid ${THEME.border};color:${THEME.danger}`,
  plain: `background:#fff;border:1px solid ${THEME.border};color:inherit`,
};

export interface Rendered {
  text: string;
  html: string;
}

/** The letter's plain-text and HTML parts for `reader`, with the footer's unsubscribe link. */
export function render(letter: Letter, reader: Reader, unsubscribeUrl: string): Rendered {
  const words = wordsOf(reader);
  const why = words['footer.why']({ course: letter.course });
  const stop = words['footer.unsubscribe']();
  const text = [
    ...letter.paragraphs,
    letter.facts.map((fact) => `${fact.label}: ${fact.value}`).join('\n'),
    ...letter.actions.map((action) => `${action.label}: ${action.href}`),
    `-- \n${why}\n${stop}: ${unsubscribeUrl}`,
  ].join('\n\n');

  const lang = reader.locale;
  const dir = directionOf(lang);
  const paragraphs = letter.paragraphs.map((paragraph) => `<p style="margin:0 0 12px">${escapeHtml(paragraph)}</p>`).join('');
  const facts = letter.facts
    .map((fact) => {
      const value = fact.href
        ? `<a href="${escapeHtml(fact.href)}" style="color:${THEME.accent}">${escapeHtml(fact.value)}</a>`
        : escapeHtml(fact.value).replace(/\r?\n/g, '<br>');
      return `<tr><th scope="row" style="text-align:start;vertical-align:top;padding:4px 12px 4px 0;white-space:nowrap">${escapeHtml(fact.label)}</th><td style="padding:4px 0">${value}</td></tr>`;
    })
    .join('');
  const actions = letter.actions
    .map(
      (action) =>
        `<a href="${escapeHtml(action.href)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 16px;border-radius:${THEME.radius};text-decoration:none;${BUTTON[action.tone]}">${escapeHtml(action.label)}</a>`,
    )
    .join('');
  const html = `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(letter.subject)}</title></head>
<body style="margin:0;padding:16px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.45;color:#1d232b;background:#fff">
<div dir="${dir}" style="max-width:36rem;margin:0 auto;border:1px solid ${THEME.border};border-radius:${THEME.radius};padding:16px">
${paragraphs}
<table role="presentation" style="border-collapse:collapse;margin:0 0 12px">${facts}</table>
${actions ? `<p style="margin:0">${actions}</p>` : ''}
</div>
<p dir="${dir}" style="max-width:36rem;margin:12px auto 0;font-size:0.85em;color:${THEME.muted}">${escapeHtml(why)} <a href="${escapeHtml(unsubscribeUrl)}" style="color:${THEME.muted}">${escapeHtml(stop)}</a></p>
</body>
</html>`;
  return { text, html };
}
