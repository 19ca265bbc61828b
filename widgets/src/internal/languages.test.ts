// The widgets' languages as a person meets them: the locale comes from the element's `lang`, the page's
// `configure({ locale })`, the nearest `lang` above it or the browser; dates, numbers and the API's refusals
// follow it; Arabic is written right to left and fits a phone.
import { expect, fixture } from '@open-wc/testing';
import { html, unsafeStatic } from 'lit/static-html.js';
import '../define.ts';
import { configure } from './config.ts';
import {
  aCourseSlot,
  aRequest,
  aSlot,
  educatorMe,
  fakeApi,
  feedRoutes,
  notificationRoutes,
  TEST_ZONE,
  waitlistRoutes,
} from './fake-api.ts';
import { knownLocale } from './localize.ts';
import type { SessionElement } from './session-element.ts';
import { $, $$, named, waitForText, waitUntil } from './test-helpers.ts';

const slot = aCourseSlot();

const routes = {
  'GET /api/me': { body: educatorMe },
  'GET /api/availability/course/c-101': { body: { items: [slot] } },
  'GET /api/availability/course/c-empty': { body: { items: [] } },
  ...waitlistRoutes('c-empty'),
  ...notificationRoutes(),
  ...feedRoutes(),
  'GET /api/session/my-requests': {
    body: { items: [aRequest(), aRequest({ id: 'req-2', status: 'rejected', rejectionReason: 'Full week' })] },
  },
  'GET /api/session/educator/requests': { body: { items: [aRequest({}, 'educator')] } },
  'GET /api/availability/educator/slots': {
    body: { items: [aSlot(), aSlot({ id: 'slot-2', seriesId: 'ser-1', pendingCount: 2 })] },
  },
};

/** The widget's wrapper: it carries the language and the writing direction the widget speaks. */
const base = (el: Element) => $(el, '[part~=base]') as HTMLElement;
/** The legend of <book-session>'s times, without its note of the zone. */
const legend = (el: Element) =>
  [...($(el, 'legend')?.childNodes ?? [])]
    .filter((node) => node.nodeType === Node.TEXT_NODE)
    .map((node) => node.textContent)
    .join('')
    .trim();

/** How `locale` writes the slot's short day in the tests' zone, as the strip shows it. */
const shortDay = (locale: string) =>
  new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', timeZone: TEST_ZONE }).format(
    new Date(slot.startsAt),
  );

describe('languages', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => {
    api = fakeApi(routes);
  });
  afterEach(() => {
    api.restore();
    configure({ locale: undefined });
  });

  it('shows a widget under lang="es" in Spanish, its dates and numbers too', async () => {
    const el = await fixture<SessionElement>(html`<book-session lang="es" course-id="c-101" token="t"></book-session>`);
    await waitUntil(() => $(el, '[part~=day]'), 'no days');
    expect(legend(el)).to.equal('Elige un horario');
    expect(named(el, 'Enviar solicitud')).to.exist;
    expect($(el, '[part~=day]')?.textContent).to.include(shortDay('es')).and.to.include('1 horario');
    expect(shortDay('es')).to.include('mié');
    expect($(el, '.counter')?.textContent).to.equal('0/1000 caracteres');
    expect(base(el).getAttribute('lang')).to.equal('es');
    expect(el.shadowRoot?.textContent).not.to.include('Choose a time');
    await expect(el).to.be.accessible();
  });

  it('changes language when lang changes, on the element or above it, without reloading its data', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="fr"><book-session course-id="c-101" token="t"></book-session></div>`,
    );
    const el = wrapper.querySelector('book-session') as SessionElement;
    await waitUntil(() => legend(el) === 'Choisissez un horaire', 'never French');
    const loads = api.calls.length;

    wrapper.lang = 'de';
    await waitUntil(() => legend(el) === 'Termin wählen', 'never German');
    expect($(el, '[part~=day]')?.textContent).to.include(shortDay('de'));

    el.lang = 'pt-BR';
    await waitUntil(() => legend(el) === 'Escolha um horário', 'never Portuguese');

    el.removeAttribute('lang');
    await waitUntil(() => legend(el) === 'Termin wählen', 'never back to German');
    expect(api.calls.length).to.equal(loads);
  });

  it("follows its own lang inside another component's shadow root, where no observer of the page reaches", async () => {
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const el = document.createElement('book-session') as SessionElement;
    el.setAttribute('course-id', 'c-101');
    el.setAttribute('token', 't');
    el.lang = 'fr';
    host.attachShadow({ mode: 'open' }).append(el);
    await waitUntil(() => legend(el) === 'Choisissez un horaire', 'never French');

    el.lang = 'de';
    await waitUntil(() => legend(el) === 'Termin wählen', 'never German');
  });

  it('reads a regional locale as its language (es-MX, fr-CA, pt-PT) and an unknown one as English', async () => {
    expect([
      knownLocale('es-MX'),
      knownLocale('fr-CA'),
      knownLocale('pt-PT'),
      knownLocale('PT-br'),
      knownLocale('de-AT'),
    ]).to.deep.equal(['es', 'fr', 'pt-BR', 'pt-BR', 'de']);
    expect([knownLocale('ar-EG'), knownLocale('en-GB'), knownLocale('ja'), knownLocale('')]).to.deep.equal([
      'ar',
      'en',
      undefined,
      undefined,
    ]);

    const mexican = await fixture<SessionElement>(html`<book-session lang="es-MX" course-id="c-101" token="t"></book-session>`);
    await waitUntil(() => legend(mexican) === 'Elige un horario', 'es-MX is not Spanish');
    const japanese = await fixture<SessionElement>(html`<book-session lang="ja" course-id="c-101" token="t"></book-session>`);
    await waitUntil(() => legend(japanese) === 'Choose a time', 'ja is not English');
    expect(base(japanese).getAttribute('lang')).to.equal('en');
  });

  it("takes the page's configure({ locale }) before the lang above the element, and the element's own lang before both", async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="fr">
        <book-session course-id="c-101" token="t"></book-session>
        <book-session lang="ar" course-id="c-101" token="t"></book-session>
      </div>`,
    );
    const [plain, arabic] = [...wrapper.querySelectorAll('book-session')] as SessionElement[];
    await waitUntil(() => legend(plain) === 'Choisissez un horaire', 'never French');
    configure({ locale: 'de-CH' });
    await waitUntil(() => legend(plain) === 'Termin wählen', 'configure() did not apply');
    await waitUntil(() => legend(arabic) === 'اختيار موعد', 'the element’s own lang lost');
  });

  it("speaks the browser's language when nothing on the page sets one", async () => {
    const page = document.documentElement;
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'language') as PropertyDescriptor;
    page.removeAttribute('lang');
    Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'pt-PT' });
    try {
      const el = await fixture<SessionElement>(html`<book-session course-id="c-101" token="t"></book-session>`);
      await waitUntil(() => legend(el) === 'Escolha um horário', 'pt-PT is not Brazilian Portuguese');
      Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'es-419' });
      window.dispatchEvent(new Event('languagechange'));
      await waitUntil(() => legend(el) === 'Elige un horario', 'a change of the browser’s language did not apply');
    } finally {
      delete (navigator as { language?: string }).language;
      Object.defineProperty(Navigator.prototype, 'language', descriptor);
      page.lang = 'en';
    }
  });

  it("shows the API's refusals in the viewer's language, never the API's English", async () => {
    api.restore();
    api = fakeApi({
      ...routes,
      'POST /api/session/request': {
        status: 409,
        code: 'slot_unavailable',
        body: { detail: 'This time slot has already been booked.' },
      },
    });
    const el = await fixture<SessionElement>(html`<book-session lang="fr" course-id="c-101" token="t"></book-session>`);
    await waitUntil(() => $(el, 'input[type=radio]'));
    ($(el, 'input[type=radio]') as HTMLInputElement).click();
    await el.updateComplete;
    named(el, 'Envoyer la demande')?.click();
    await waitForText(el, 'Cet horaire vient d’être réservé. Choisissez-en un autre.');
    expect(el.shadowRoot?.textContent).not.to.include('already been booked');
  });

  it('uses one word per status in every language: the educator rejects, the badge and the filter say rejected', async () => {
    const educator = await fixture<SessionElement>(html`<session-requests lang="es" token="t"></session-requests>`);
    await waitUntil(() => named(educator, 'Rechazar'), 'no Reject button');
    const options = $$(educator, 'option').map((option) => option.textContent?.trim());
    expect(options).to.include('Rechazada o vencida');
    const student = await fixture<SessionElement>(html`<my-session-requests lang="es" token="t"></my-session-requests>`);
    await waitUntil(() => $$(student, '[part~=badge]').some((badge) => badge.textContent === 'Rechazada'), 'no Rejected badge');
  });

  it('writes Arabic right to left on a page that sets no direction, and fits a 375 px phone', async () => {
    // Each widget with every part open: the lists' Notifications switch and calendar feed, the waitlist of a course
    // with no open time.
    const widgets: [string, string, string?][] = [
      ['book-session', 'c-101'],
      ['book-session', 'c-empty', '[part~=waitlist] button'],
      ['my-session-requests', 'c-101', '[role=switch]'],
      ['session-requests', 'c-101', '[role=switch]'],
      ['availability-manager', 'c-101'],
    ];
    for (const [tag, course, part] of widgets) {
      const phone = await fixture<HTMLElement>(
        html`<div style="width: 375px"><${unsafeStatic(tag)} lang="ar" course-id=${course} token="t"></${unsafeStatic(tag)}></div>`,
      );
      const el = phone.firstElementChild as SessionElement;
      await waitUntil(() => $(el, '[part~=item], [part~=form]') && !$(el, '[part~=loading]'), `<${tag}> never loaded`);
      if (part) await waitUntil(() => $(el, part), `<${tag}> never showed ${part}`);
      for (const details of $$<HTMLDetailsElement>(el, 'details')) details.open = true;
      await waitUntil(() => !$(el, '[part~=feed]') || $(el, '[part~=subscribe]'), `<${tag}> never showed the feed`);
      await el.updateComplete;
      expect(base(el).dir, tag).to.equal('rtl');
      expect(getComputedStyle(base(el)).direction, tag).to.equal('rtl');
      // A course's title beside other text keeps its own direction: "Intro to Algorithms · ١٢:٠٠" stays in order.
      if (tag === 'session-requests' || tag === 'availability-manager')
        expect(
          $$(el, '[part~=item] bdi').map((node) => node.textContent),
          tag,
        ).to.include('Intro to Algorithms');
      const box = el.getBoundingClientRect();
      const outside = $$(el, '*').filter((node) => {
        const rect = node.getBoundingClientRect();
        return rect.width > 0 && (rect.left < box.left - 1 || rect.right > box.right + 1);
      });
      expect(outside.map((node) => `<${tag}> ${node.outerHTML.slice(0, 80)}`)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    }
  });
});
