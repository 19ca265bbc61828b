// The demo platform's shell: the header with a user switcher and a language switcher, and a token for the
// widgets from the demo-only endpoint, standing in for what a real platform's backend does.
import { configure } from '/widgets.js';

const { items: users } = await (await fetch('/api/demo/users')).json();
const params = new URLSearchParams(location.search);
const stored = localStorage.getItem('demo-user');
const current = users.find((user) => user.id === (params.get('as') ?? stored)) ?? users[0];
localStorage.setItem('demo-user', current.id);

/** The widgets' languages, each named in itself. The page stays English; the widgets follow configure(). */
const languages = [
  ['en', 'English'],
  ['es', 'Español'],
  ['fr', 'Français'],
  ['de', 'Deutsch'],
  ['pt-BR', 'Português (Brasil)'],
  ['ar', 'العربية'],
];
const language = params.get('lang') ?? localStorage.getItem('demo-lang') ?? 'en';
localStorage.setItem('demo-lang', language);

configure({
  locale: language,
  tokenProvider: async () => {
    const res = await fetch('/api/demo/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // A platform knows its people's language and time zone: the demo says the page's, so its email follows them.
      body: JSON.stringify({ user: current.id, locale: language, zoneinfo: Intl.DateTimeFormat().resolvedOptions().timeZone }),
    });
    return (await res.json()).token;
  },
});

const links = [
  ['/', 'Courses'],
  ['/student', 'My sessions'],
  ['/educator', 'Teaching'],
  ['/demo/mail', 'Mail'],
];
const header = document.querySelector('.site-header');
header.innerHTML = `<div class="inner">
  <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">L</span> Lakeside University</a>
  <nav class="site-nav" aria-label="Main">${links
    .map(([href, label]) => `<a href="${href}"${location.pathname === href ? ' aria-current="page"' : ''}>${label}</a>`)
    .join('')}</nav>
  <label class="switcher">Signed in as
    <select id="user-switcher">${users
      .map(
        (user) => `<option value="${user.id}"${user.id === current.id ? ' selected' : ''}>${user.name} — ${user.about}</option>`,
      )
      .join('')}</select>
  </label>
  <label class="switcher">Widgets in
    <select id="language-switcher">${languages
      .map(([tag, name]) => `<option value="${tag}" lang="${tag}"${tag === language ? ' selected' : ''}>${name}</option>`)
      .join('')}</select>
  </label>
</div>`;
header.querySelector('#user-switcher').addEventListener('change', (event) => {
  localStorage.setItem('demo-user', event.target.value);
  const url = new URL(location.href);
  url.searchParams.delete('as');
  location.assign(url);
});

// The widgets change language in place, without a reload.
header.querySelector('#language-switcher').addEventListener('change', (event) => {
  localStorage.setItem('demo-lang', event.target.value);
  configure({ locale: event.target.value });
});

/** Shows the parts of a page meant for the current user's role in a course. */
export function rolesIn(courseId) {
  return current.courses.filter((course) => course.id === courseId).map((course) => course.role);
}

export { current as currentUser };

document.dispatchEvent(new CustomEvent('demo-ready'));
