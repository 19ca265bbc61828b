// Counts and the system's reasons as each language says them: a count takes the form its language's plural rules
// (Intl.PluralRules) choose, Arabic's six included, and a reason the system wrote reads in the viewer's language.
import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../define.ts';
import '../locales/en/day-strip.js';
import type { ReasonCode } from '@one-on-one/contract/vocabulary';
import { aCourseSlot, aRequest, fakeApi, feedRoutes, notificationRoutes } from './fake-api.ts';
import { inLocale, LOCALES, loadLocale, msg } from './localize.ts';
import type { SessionElement } from './session-element.ts';
import { $$, waitUntil } from './test-helpers.ts';

const TIMES = '{n, plural, one {# time} other {# times}}';
const COUNTS = [0, 1, 2, 3, 11, 100, 1.5];

/** A catalog file's units, as a translator sees them: source → the text in that language. */
async function catalog(locale: string): Promise<Map<string, string>> {
  const xml = new DOMParser().parseFromString(await (await fetch(`/catalog/${locale}.xlf`)).text(), 'application/xml');
  return new Map(
    [...xml.querySelectorAll('trans-unit')].map((unit) => [
      unit.querySelector('source')?.textContent ?? '',
      unit.querySelector(locale === 'en' ? 'source' : 'target')?.textContent ?? '',
    ]),
  );
}

/** The cases of a message that is one plural, `{n, plural, one {…} other {…}}`: category → text. */
function pluralCases(icu: string): Record<string, string> {
  const cases: Record<string, string> = {};
  const body = icu.slice(icu.indexOf('plural,') + 'plural,'.length, icu.lastIndexOf('}'));
  for (let i = 0; i < body.length; ) {
    const open = body.indexOf('{', i);
    if (open < 0) break;
    let depth = 1;
    let close = open + 1;
    for (; depth > 0; close++) depth += body[close] === '{' ? 1 : body[close] === '}' ? -1 : 0;
    cases[body.slice(i, open).trim()] = body.slice(open + 1, close - 1);
    i = close;
  }
  return cases;
}

describe('counts and reasons in every language', () => {
  for (const locale of LOCALES) {
    it(`${locale}: a count at ${COUNTS.join(', ')} takes the form Intl.PluralRules chooses`, async () => {
      await loadLocale(locale);
      const cases = pluralCases((await catalog(locale)).get(TIMES) ?? '');
      const rules = new Intl.PluralRules(locale);
      expect(Object.keys(cases).sort()).to.deep.equal([...rules.resolvedOptions().pluralCategories].sort());
      for (const n of COUNTS) {
        const expected = cases[rules.select(n)].replace('#', new Intl.NumberFormat(locale).format(n));
        expect(
          inLocale(locale, () => msg(TIMES, { n })),
          `${locale} ${n}`,
        ).to.equal(expected);
      }
    });
  }

  it('says 0, 1, 2, 3, 11 and 100 in six different Arabic forms', async () => {
    await loadLocale('ar');
    const said = [0, 1, 2, 3, 11, 100].map((n) => inLocale('ar', () => msg(TIMES, { n })));
    expect(new Set(said).size, said.join(' | ')).to.equal(6);
  });

  it('shows a day of two times and a day of eleven in their Arabic forms on the day strip', async () => {
    const day = (date: number, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const startsAt = Date.UTC(2031, 2, date, 7 + i);
        const iso = (at: number) => new Date(at).toISOString();
        return aCourseSlot({ id: `${date}-${i}`, startsAt: iso(startsAt), endsAt: iso(startsAt + 1_800_000) });
      });
    const api = fakeApi({
      'GET /api/availability/course/c-101': { body: { items: [...day(4, 2), ...day(5, 11)] } },
      ...notificationRoutes(),
      ...feedRoutes(),
    });
    try {
      const el = await fixture<SessionElement>(html`<book-session lang="ar" course-id="c-101" token="t"></book-session>`);
      await waitUntil(() => $$(el, '[part~=day]').length === 2, 'no days');
      const [two, eleven] = $$(el, '[part~=day]').map((button) => button.textContent ?? '');
      expect(two).to.include('موعدان');
      expect(eleven).to.include(`${new Intl.NumberFormat('ar').format(11)} موعدًا`);
    } finally {
      api.restore();
    }
  });

  const reasons: ReasonCode[] = ['moved', 'another_booked', 'slot_removed', 'expired'];
  for (const locale of LOCALES) {
    it(`${locale}: the reasons the system wrote read in the viewer's language`, async () => {
      const english = await catalog('en');
      const texts = await catalog(locale);
      const written = {
        moved: 'Moved to another time.',
        another_booked: 'Another student was booked for this time.',
        slot_removed: 'The educator removed this time slot.',
        expired: 'Not approved before the session started.',
      };
      const requests = reasons.map((code, i) =>
        aRequest({
          id: `req-${code}`,
          startsAt: new Date(Date.now() + (code === 'expired' ? -1 : 1) * (i + 2) * 3_600_000).toISOString(),
          status: code === 'moved' ? 'cancelled' : 'rejected',
          cancelledBy: code === 'moved' ? 'student' : null,
          reasonCode: code,
          rejectionReason: code === 'moved' ? null : written[code],
          cancellationReason: code === 'moved' ? written[code] : null,
        }),
      );
      const api = fakeApi({
        'GET /api/session/my-requests': { body: { items: requests } },
        ...notificationRoutes(),
        ...feedRoutes(),
      });
      try {
        const el = await fixture<SessionElement>(html`<my-session-requests lang=${locale} token="t"></my-session-requests>`);
        await waitUntil(() => $$(el, '[part~=reason]').length === reasons.length, 'no reasons');
        const shown = $$(el, '[part~=reason]')
          .map((p) => p.textContent ?? '')
          .join(' | ');
        for (const code of reasons) {
          const translated = texts.get(written[code]);
          expect(translated, code).to.be.a('string').and.not.be.empty;
          expect(shown, code).to.include(translated as string);
          if (locale !== 'en') expect(shown, code).not.to.include(english.get(written[code]) as string);
        }
      } finally {
        api.restore();
      }
    });
  }
});
