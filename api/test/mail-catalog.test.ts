// The email catalog: XLIFF files of ICU messages compiled at build by scripts/compile-messages.mjs. The committed
// module is what the catalog compiles to; a missing translation, a plural form the language needs, a placeholder the
// source lacks or a unit without a note fails the build; texts the widgets also show say it in the widgets' words.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const api = fileURLToPath(new URL('..', import.meta.url));
const script = join(api, '..', 'scripts', 'compile-messages.mjs');
const catalogDir = join(api, 'catalog', 'mail');

/** Compiles `dir` as the build does (from the api folder); the exit code, what it said, and the module. */
function compile(dir: string) {
  const out = join(mkdtempSync(join(tmpdir(), 'catalog-')), 'catalog.js');
  const run = spawnSync(process.execPath, [script, dir, out], { cwd: api, encoding: 'utf8' });
  const read = (path: string) => (run.status === 0 ? readFileSync(path, 'utf8') : '');
  return { status: run.status, said: run.stderr, code: read(out), types: read(out.replace(/\.js$/, '.d.ts')) };
}

/** A copy of the catalog with `change` made to one language's file. */
function changed(locale: string, change: (xml: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'xliff-'));
  cpSync(catalogDir, dir, { recursive: true });
  const path = join(dir, `${locale}.xlf`);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
  return dir;
}

/** The target of the unit whose source is `source`, in an XLIFF text. */
const targetOf = (xml: string, source: string) =>
  new RegExp(`<source>${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</source>\\s*<target>([^<]*)</target>`).exec(xml)?.[1];

describe('the email catalog', () => {
  it('compiles to the committed module, in every language of the widgets', () => {
    const compiled = compile('catalog/mail');
    expect(compiled.said).toBe('');
    expect(compiled.code).toBe(readFileSync(join(api, 'src/mail/catalog.js'), 'utf8'));
    expect(compiled.types).toBe(readFileSync(join(api, 'src/mail/catalog.d.ts'), 'utf8'));
    expect(readdirSync(catalogDir).sort()).toEqual(['ar.xlf', 'de.xlf', 'en.xlf', 'es.xlf', 'fr.xlf', 'pt-BR.xlf']);
    // No ICU parser at run time: the module holds functions over the runtime's plural rules.
    expect(compiled.code).not.toMatch(/@messageformat\/(core|parser)/);
  });

  it.each([
    [
      'a missing translation',
      'es',
      (xml: string) => xml.replace('<target>Cuándo</target>', ''),
      'es.xlf: no translation for label.when',
    ],
    [
      'a plural form the language needs',
      'ar',
      (xml: string) => xml.replace(/ two \{لديك طلبان بانتظار القرار.\}/, ''),
      'ar.xlf: request.waiting lacks the plural form count: two',
    ],
    [
      'a placeholder the source does not have',
      'fr',
      (xml: string) => xml.replace('Nouvelle demande de {student}\u202f: {when}', 'Nouvelle demande de {name}\u202f: {when}'),
      'fr.xlf: request.subject must use exactly {student, when}',
    ],
    ['a unit without a note', 'en', (xml: string) => xml.replace(/<note>[^<]*<\/note>/, ''), 'en.xlf: product has no note'],
    [
      'a syntax error',
      'de',
      (xml: string) => xml.replace('<target>Wann</target>', '<target>Wann {x</target>'),
      'de.xlf: label.when:',
    ],
    [
      'a translation of an older source text',
      'pt-BR',
      (xml: string) => xml.replace('<source>When</source>', '<source>Time</source>'),
      'pt-BR.xlf: label.when translates an older source text',
    ],
  ])('fails the build on %s, naming the file and unit', (_, locale, change, message) => {
    const compiled = compile(changed(locale, change));
    expect(compiled.status).toBe(1);
    expect(compiled.said).toContain(message);
  });

  it('says what the widgets say, in each language: one word per concept', () => {
    const widgets = join(api, '..', 'widgets', 'catalog');
    const shared = [
      'Approve',
      'Reject',
      'Meeting link',
      'Join session',
      'Request approved.',
      'Request rejected.',
      'Reason for the student',
      'Please give the student a reason.',
      'Enter a full meeting link that starts with https://',
      'Not approved before the session started.',
      'Moved to another time.',
      'Another student was booked for this time.',
      'The educator removed this time slot.',
    ];
    for (const locale of ['es', 'fr', 'de', 'pt-BR', 'ar']) {
      const theirs = readFileSync(join(widgets, `${locale}.xlf`), 'utf8');
      const ours = readFileSync(join(catalogDir, `${locale}.xlf`), 'utf8');
      for (const source of shared)
        expect([locale, source, targetOf(ours, source)]).toEqual([locale, source, targetOf(theirs, source)]);
    }
  });
});
