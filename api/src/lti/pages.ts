// The HTML the LTI routes answer: the tool page an LMS shows in its iframe, the deep-linking choice, the
// auto-submitting deep-linking response, the end of a dynamic registration, and the page of a refusal. Every value
// from a launch goes through hono/html's escaping; no page has an inline script (the CSP allows scripts from the
// tool's own origin only).
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The few words of the tool's own pages, in the widgets' languages; English for any other. */
const WORDS = {
  en: {
    forWhom: 'One-on-one sessions are for the course’s students and teachers. Your role in this course is neither.',
    educatorsOnly: 'This link opens the teachers’ panel of one-on-one sessions. Students book from the course’s booking page.',
    choose: 'Add one-on-one sessions to the course',
    booking: 'Booking page: students book sessions; teachers manage them',
    panel: 'Teachers’ panel only',
    add: 'Add',
  },
  es: {
    forWhom:
      'Las sesiones individuales son para estudiantes y docentes del curso. Tu rol en este curso no es ninguno de los dos.',
    educatorsOnly:
      'Este enlace abre el panel docente de las sesiones individuales. Los estudiantes reservan desde la página de reservas del curso.',
    choose: 'Añadir sesiones individuales al curso',
    booking: 'Página de reservas: los estudiantes reservan; los docentes gestionan',
    panel: 'Solo el panel docente',
    add: 'Añadir',
  },
  fr: {
    forWhom:
      'Les séances individuelles sont destinées aux étudiants et aux enseignants du cours. Votre rôle dans ce cours n’est ni l’un ni l’autre.',
    educatorsOnly:
      'Ce lien ouvre l’espace enseignant des séances individuelles. Les étudiants réservent depuis la page de réservation du cours.',
    choose: 'Ajouter les séances individuelles au cours',
    booking: 'Page de réservation : les étudiants réservent, les enseignants gèrent',
    panel: 'Espace enseignant seulement',
    add: 'Ajouter',
  },
  de: {
    forWhom: 'Einzeltermine sind für Studierende und Lehrende des Kurses. Ihre Rolle in diesem Kurs ist keine von beiden.',
    educatorsOnly:
      'Dieser Link öffnet den Bereich der Lehrenden für Einzeltermine. Studierende buchen über die Buchungsseite des Kurses.',
    choose: 'Einzeltermine zum Kurs hinzufügen',
    booking: 'Buchungsseite: Studierende buchen, Lehrende verwalten',
    panel: 'Nur der Bereich der Lehrenden',
    add: 'Hinzufügen',
  },
  pt: {
    forWhom: 'As sessões individuais são para alunos e professores do curso. Seu papel neste curso não é nenhum dos dois.',
    educatorsOnly:
      'Este link abre o painel do professor das sessões individuais. Os alunos agendam pela página de agendamento do curso.',
    choose: 'Adicionar sessões individuais ao curso',
    booking: 'Página de agendamento: alunos agendam; professores gerenciam',
    panel: 'Só o painel do professor',
    add: 'Adicionar',
  },
  ar: {
    forWhom: 'الجلسات الفردية مخصّصة لطلاب المقرر ومعلّميه، ودورك في هذا المقرر ليس أيًا منهما.',
    educatorsOnly: 'يفتح هذا الرابط لوحة المعلّمين للجلسات الفردية. يحجز الطلاب من صفحة الحجز في المقرر.',
    choose: 'إضافة الجلسات الفردية إلى المقرر',
    booking: 'صفحة الحجز: يحجز الطلاب ويدير المعلّمون',
    panel: 'لوحة المعلّمين فقط',
    add: 'إضافة',
  },
};

export const wordsFor = (lang: string) => WORDS[lang.split('-')[0].toLowerCase() as keyof typeof WORDS] ?? WORDS.en;
const dirOf = (lang: string) => (lang.split('-')[0].toLowerCase() === 'ar' ? 'rtl' : 'ltr');

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, sans-serif; line-height: 1.45; color: #1d232b; }
  body { margin: 0; padding: 1rem; }
  main { max-inline-size: 72rem; margin-inline: auto; display: grid; gap: 1.5rem; }
  h1 { font-size: 1.35rem; margin: 0; }
  .panels { display: grid; gap: 1.5rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); align-items: start; }
  fieldset { border: 1px solid #c9ced6; border-radius: 8px; display: grid; gap: 0.6rem; padding: 1rem; }
  label { display: flex; gap: 0.5rem; align-items: baseline; }
  button { font: inherit; padding: 0.5em 1.1em; border-radius: 8px; border: 1px solid #2557d6; background: #2557d6; color: #fff; cursor: pointer; }
  .problem { border-inline-start: 4px solid #c0262d; padding-inline-start: 0.8rem; }
`;

function page(lang: string, title: string, body: Html, scripts: string[] = []): Html {
  return html`<!doctype html>
<html lang="${lang}" dir="${dirOf(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
${scripts.map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body>${body}</body>
</html>`;
}

export interface ToolPage {
  lang: string;
  role: 'student' | 'educator';
  courseId: string;
  courseTitle: string | null;
  handle: string;
}

/** The widgets for the launch's course: booking for students, the requests and the slots for educators. */
export function toolPage({ lang, role, courseId, courseTitle, handle }: ToolPage): Html {
  const widgets =
    role === 'student'
      ? html`<book-session course-id="${courseId}" heading-level="2"></book-session>
<my-session-requests heading-level="2"></my-session-requests>`
      : html`<session-requests heading-level="2"></session-requests>
<availability-manager heading-level="2"></availability-manager>`;
  return page(
    lang,
    courseTitle ?? 'One-on-one sessions',
    html`<meta name="lti-launch" content="${handle}">
<main><h1>${courseTitle ?? ''}</h1><div class="panels">${widgets}</div></main>`,
    ['/widgets.js', '/lti/tool.js'],
  );
}

/** A refusal: the status's page, saying what failed. */
export function problemPage(message: string, lang = 'en'): Html {
  return page(
    lang,
    'One-on-one sessions',
    html`<main><h1>One-on-one sessions</h1><p class="problem" role="alert">${message}</p></main>`,
  );
}

/** The deep-linking choice, a plain form (no script needed): the booking page or the educators' panel. */
export function deepLinkChoice(lang: string, handle: string, courseTitle: string | null): Html {
  const words = wordsFor(lang);
  return page(
    lang,
    words.choose,
    html`<main>
<h1>${courseTitle ?? ''}</h1>
<form method="post" action="/lti/deep-link">
<input type="hidden" name="handle" value="${handle}">
<fieldset>
<legend>${words.choose}</legend>
<label><input type="radio" name="view" value="booking" checked> ${words.booking}</label>
<label><input type="radio" name="view" value="educator"> ${words.panel}</label>
<div><button>${words.add}</button></div>
</fieldset>
</form>
</main>`,
  );
}

/** A form that posts itself to the platform: the deep-linking response, with a button when scripts are off. */
export function autoPost(action: string, fields: Record<string, string>, lang: string): Html {
  return page(
    lang,
    'One-on-one sessions',
    html`<form method="post" action="${action}" id="auto-post">
${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<noscript><button>${wordsFor(lang).add}</button></noscript>
</form>`,
    ['/lti/auto-post.js'],
  );
}

/** The end of a dynamic registration: tells the LMS's registration window to close. */
export function registeredPage(platform: string): Html {
  return page(
    'en',
    'One-on-one sessions registered',
    html`<main><h1>One-on-one sessions</h1><p role="status">Registered with ${platform}. You can close this window.</p></main>`,
    ['/lti/registered.js'],
  );
}

/** The scripts the pages load from the tool's own origin. */
export const SCRIPTS: Record<string, string> = {
  // The tool page trades its launch handle, held in memory (never a cookie), for widget tokens.
  'tool.js': `import { configure } from '/widgets.js';
const handle = document.querySelector('meta[name="lti-launch"]').content;
configure({
  tokenProvider: async () => {
    const res = await fetch('/lti/token', { method: 'POST', headers: { Authorization: 'Bearer ' + handle } });
    if (!res.ok) throw new Error('The launch has expired: open the tool from the course again.');
    return (await res.json()).token;
  },
});
// Inside an LMS's iframe, ask for the height the page needs (Canvas, Moodle and others honour lti.frameResize).
if (window.parent !== window) {
  const resize = () =>
    window.parent.postMessage({ subject: 'lti.frameResize', height: Math.ceil(document.body.getBoundingClientRect().height) }, '*');
  new ResizeObserver(resize).observe(document.body);
}
`,
  'auto-post.js': `document.getElementById('auto-post').submit();\n`,
  'registered.js': `(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');\n`,
};
