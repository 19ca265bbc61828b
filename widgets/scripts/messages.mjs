#!/usr/bin/env node
// The widgets' catalog (catalog/*.xlf) from their code: every `msg()` text, as ICU MessageFormat, one unit each.
// A `msg('…')` text is its own ICU source (plurals and selects name their arguments: `msg('{n, plural, …}', { n })`);
// a `msg(str`…${value}…`)` text numbers its values (`{0}`, `{1}` …). A unit's id is `textKey` of its source (the
// runtime finds a text by the same key); its note, kept in catalog/en.xlf, tells translators where it appears.
//
//   node scripts/messages.mjs            rewrites catalog/*.xlf: new texts get a unit (and no translation yet, which
//                                        the build refuses), texts no longer used lose theirs
//   node scripts/messages.mjs --check    fails when the catalog is not what the code says (the build runs this)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const catalogDir = new URL('catalog/', root);
const SOURCE = 'en';
export const TARGETS = ['es', 'fr', 'de', 'pt-BR', 'ar'];

/** The same key as `textKey` in src/internal/localize.ts: FNV-1a, 32 bits, in five base-36 digits. */
export function textKey(source) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) hash = Math.imul(hash ^ source.charCodeAt(i), 16777619);
  return ((hash >>> 0) % 36 ** 5).toString(36);
}

/** The source files that hold texts: the elements and their parts, not tests, fakes or the locale modules. */
function sourceFiles(dir = new URL('src/', root)) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(new URL(`${entry.name}/`, dir));
    const skip = !entry.name.endsWith('.ts') || /\.test\.ts$|test-helpers|fake-api|localize\.ts$/.test(entry.name);
    return skip ? [] : [new URL(entry.name, dir)];
  });
}

/** Reads a JavaScript string literal starting at `at`: its value and where it ends. */
function stringAt(code, at) {
  const quote = code[at];
  let end = at + 1;
  while (code[end] !== quote) end += code[end] === '\\' ? 2 : 1;
  const body = code
    .slice(at + 1, end)
    .replace(/\\'/g, "'")
    .replace(/"/g, '\\"');
  return { value: JSON.parse(`"${body}"`), end: end + 1 };
}

/** Reads a template literal's pieces starting at the backtick at `at`, skipping the `${…}` expressions. */
function templateAt(code, at) {
  const pieces = [''];
  let i = at + 1;
  while (code[i] !== '`') {
    if (code[i] === '\\') {
      pieces[pieces.length - 1] += JSON.parse(`"${code.slice(i, i + 2)}"`);
      i += 2;
    } else if (code.startsWith('${', i)) {
      let depth = 1;
      for (i += 2; depth > 0; i++) {
        if (code[i] === "'" || code[i] === '"') i = stringAt(code, i).end - 1;
        else if (code[i] === '`') i = templateAt(code, i).end - 1;
        else depth += code[i] === '{' ? 1 : code[i] === '}' ? -1 : 0;
      }
      pieces.push('');
    } else pieces[pieces.length - 1] += code[i++];
  }
  return { pieces, end: i + 1 };
}

/** Every text of every `msg()` call in the code, in order of appearance, with the files it appears in. */
export function extract() {
  const texts = new Map();
  for (const file of sourceFiles()) {
    const code = readFileSync(file, 'utf8');
    const name = fileURLToPath(file).slice(fileURLToPath(new URL('src/', root)).length);
    for (const match of code.matchAll(/(?<![\w.#])msg\(\s*/g)) {
      const at = match.index + match[0].length;
      let source;
      if (code[at] === "'" || code[at] === '"') source = stringAt(code, at).value;
      else if (code.startsWith('str`', at)) {
        source = templateAt(code, at + 3).pieces.reduce((joined, piece, i) => `${joined}{${i - 1}}${piece}`);
      } else throw new Error(`src/${name}: msg() takes a '…' or str\`…\` text, at ${code.slice(at, at + 40)}`);
      const known = texts.get(source);
      if (known) known.files.add(name);
      else texts.set(source, { files: new Set([name]) });
    }
  }
  return texts;
}

const XML_ENTITIES = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
const fromXml = (xml) => xml.replace(/&(lt|gt|quot|apos|amp);/g, (_, name) => XML_ENTITIES[name]);
const toXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The units of a catalog file: id → { source, target, note }. */
function readUnits(locale) {
  let xml = '';
  try {
    xml = readFileSync(new URL(`${locale}.xlf`, catalogDir), 'utf8');
  } catch {}
  const field = (body, name) => {
    const found = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body);
    return found ? fromXml(found[1]) : undefined;
  };
  return new Map(
    [...xml.matchAll(/<trans-unit id="([^"]+)">([\s\S]*?)<\/trans-unit>/g)].map(([, id, body]) => [
      id,
      { source: field(body, 'source'), target: field(body, 'target'), note: field(body, 'note') },
    ]),
  );
}

/** The text of `locale`'s catalog file for the units of the code, keeping its translations and en.xlf's notes. */
function catalogFile(locale, texts, notes, targets) {
  const units = [...texts].map(([source, { files }]) => {
    const id = textKey(source);
    const note = notes.get(id) ?? `Appears in ${[...files].join(', ')}.`;
    const target = targets.get(id);
    const translated = target?.source === source ? target.target : undefined;
    return [
      `<trans-unit id="${id}">`,
      `  <source>${toXml(source)}</source>`,
      ...(locale === SOURCE || translated === undefined ? [] : [`  <target>${toXml(translated)}</target>`]),
      `  <note>${toXml(note)}</note>`,
      '</trans-unit>',
    ].join('\n');
  });
  const target = locale === SOURCE ? '' : ` target-language="${locale}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="${SOURCE}"${target} original="widgets" datatype="plaintext">
<body>
${units.join('\n')}
</body>
</file>
</xliff>
`;
}

/** Each catalog file's text as the code says it should be: locale → XLIFF. */
export function expectedCatalog() {
  const texts = extract();
  const seen = new Map();
  for (const source of texts.keys()) {
    const id = textKey(source);
    if (seen.has(id)) throw new Error(`Two texts share the key ${id}: change one.\n  ${seen.get(id)}\n  ${source}`);
    seen.set(id, source);
  }
  const notes = new Map([...readUnits(SOURCE)].map(([id, unit]) => [id, unit.note]));
  return new Map([SOURCE, ...TARGETS].map((locale) => [locale, catalogFile(locale, texts, notes, readUnits(locale))]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [locale, xml] of expectedCatalog()) {
    const path = new URL(`${locale}.xlf`, catalogDir);
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {}
    if (current === xml) continue;
    if (check) stale.push(`catalog/${locale}.xlf`);
    else writeFileSync(path, xml);
  }
  if (stale.length) {
    console.error(`The catalog does not match the texts in the code (${stale.join(', ')}): run npm run messages.`);
    process.exit(1);
  }
}
