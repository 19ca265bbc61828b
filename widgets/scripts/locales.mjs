// Builds the locale modules from the translators' XLIFF files (xliff/*.xlf) with lit-localize, then shapes them
// for the widgets' loader: each module becomes self-contained (its one import, `str` from @lit/localize, becomes a
// local definition, so a locale is one small file next to widgets.js) and its texts are keyed by `textKey`, a
// short hash of the English text, instead of lit-localize's 17-character ids. A collision fails the build.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateMsgId } from '@lit/localize/internal/id-generation.js';

const root = new URL('..', import.meta.url);
const dir = new URL('src/locales/', root);
execFileSync('npx', ['lit-localize', 'build'], { cwd: root, stdio: 'inherit' });

/** The same hash as `textKey` in src/internal/localize.ts. */
function textKey(source) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) hash = Math.imul(hash ^ source.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(36);
}

const xmlText = (xml) =>
  xml.replace(/&(lt|gt|quot|apos|amp);/g, (_, name) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]);

// lit-localize's id → our key, from the English sources (the same in every XLIFF file).
const keys = new Map();
const xliff = readFileSync(new URL('xliff/es.xlf', root), 'utf8');
for (const [, id, source] of xliff.matchAll(/<trans-unit id="(\w+)">\s*<source>([\s\S]*?)<\/source>/g)) {
  const pieces = xmlText(source.replace(/<x id="\d+" equiv-text="[^"]*"\/>/g, '\u001e')).split('\u001e');
  const joined = pieces.join('\u001e');
  if (generateMsgId(pieces.length > 1 ? pieces : joined, false) !== id) throw new Error(`Cannot read the source of ${id}`);
  const key = textKey(joined);
  if ([...keys.values()].includes(key)) throw new Error(`Two texts share the key ${key}: change one.`);
  keys.set(id, key);
}

// Every text a person can see is translated: a unit without a target in any language fails the build.
for (const file of readdirSync(new URL('xliff/', root))) {
  const xliff = readFileSync(new URL(`xliff/${file}`, root), 'utf8');
  const untranslated = [...xliff.matchAll(/<trans-unit id="(\w+)">((?:(?!<\/trans-unit>)[\s\S])*)<\/trans-unit>/g)]
    .filter(([, , unit]) => !unit.includes('<target>'))
    .map(([, id]) => id);
  if (untranslated.length) throw new Error(`xliff/${file}: no translation for ${untranslated.join(', ')}`);
}

const IMPORT = "import {str} from '@lit/localize';";
const LOCAL = 'const str = (strings, ...values) => ({ strTag: true, strings, values });';
for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
  const path = new URL(file, dir);
  const code = readFileSync(path, 'utf8')
    .replace(IMPORT, LOCAL)
    .replace(/'(s[0-9a-f]{16})':/g, (_, id) => {
      if (!keys.has(id)) throw new Error(`${file}: no English source for ${id}`);
      return `'${keys.get(id)}':`;
    });
  writeFileSync(path, code);
  writeFileSync(
    new URL(file.replace(/\.js$/, '.d.ts'), dir),
    "// Generated with the module beside it.\nexport declare const templates: Record<string, string | import('@lit/localize').StrResult>;\n",
  );
}
