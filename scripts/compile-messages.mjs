#!/usr/bin/env node
// Compiles a catalog of XLIFF 1.2 files whose units hold ICU MessageFormat text into one ES module of message
// functions (with @messageformat/core), so no ICU parser runs at run time; beside it, a .d.ts types every message's
// arguments. The build fails, naming the file and unit, on a missing or stale translation, an argument the source
// does not have (or lacks one it has), a syntax error, or a plural without every form its language needs.
//
//   node scripts/compile-messages.mjs <xliff-dir> <out.js>
//
// The directory holds <locale>.xlf per language; the file of the source language (its `source-language`) holds
// the source text, every other file the same units with a <target>. Each unit's <note> tells the translator where
// the text appears.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import MessageFormat from '@messageformat/core';
import compileModule from '@messageformat/core/compile-module.js';
import { parse } from '@messageformat/parser';

const XML_ENTITIES = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
const xmlText = (xml) => xml.replace(/&(lt|gt|quot|apos|amp);/g, (_, name) => XML_ENTITIES[name]);
const element = (xml, name) => {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? xmlText(match[1]) : undefined;
};

/** The units of one XLIFF file: id → { source, target, note }. */
function readXliff(path) {
  const xml = readFileSync(path, 'utf8');
  const sourceLanguage = /source-language="([^"]+)"/.exec(xml)?.[1];
  if (!sourceLanguage) throw new Error(`${path}: no source-language`);
  const units = new Map();
  for (const [, id, body] of xml.matchAll(/<trans-unit id="([^"]+)"[^>]*>([\s\S]*?)<\/trans-unit>/g)) {
    if (units.has(id)) throw new Error(`${path}: unit ${id} appears twice`);
    units.set(id, { source: element(body, 'source'), target: element(body, 'target'), note: element(body, 'note') });
  }
  return { sourceLanguage, units };
}

/** Every argument of a parsed message, with the kind of value it takes. */
function argumentsOf(tokens, found = new Map()) {
  for (const token of tokens) {
    if (token.type === 'argument' || token.type === 'function') {
      if (!found.has(token.arg)) found.set(token.arg, 'string | number');
    } else if (token.type === 'plural' || token.type === 'selectordinal') {
      found.set(token.arg, 'number');
      for (const option of token.cases) argumentsOf(option.tokens, found);
    } else if (token.type === 'select') {
      found.set(token.arg, 'string');
      for (const option of token.cases) argumentsOf(option.tokens, found);
    }
  }
  return found;
}

/** The plural forms a message lacks in `locale`: each plural must name every category the language has. */
function missingPluralForms(tokens, locale) {
  const missing = [];
  for (const token of tokens) {
    if (token.type === 'plural' || token.type === 'selectordinal') {
      const type = token.type === 'plural' ? 'cardinal' : 'ordinal';
      const needed = new Intl.PluralRules(locale, { type }).resolvedOptions().pluralCategories;
      const given = new Set(token.cases.map((option) => option.key));
      for (const category of needed) if (!given.has(category)) missing.push(`${token.arg}: ${category}`);
    }
    if ('cases' in token) for (const option of token.cases) missing.push(...missingPluralForms(option.tokens, locale));
  }
  return missing;
}

/**
 * Reads and checks the catalog in `dir`: every language's text of every unit, and each unit's arguments with the
 * kind of value they take. Throws, naming every problem, when it does not compile.
 */
export function readCatalog(dir) {
  const files = readdirSync(dir).filter((name) => name.endsWith('.xlf'));
  const catalogs = new Map(files.map((name) => [basename(name, '.xlf'), readXliff(join(dir, name))]));
  const sourceLocale = [...catalogs.values()][0]?.sourceLanguage;
  const source = catalogs.get(sourceLocale);
  if (!source) throw new Error(`${dir}: no ${sourceLocale}.xlf for the source language`);
  const problems = [];
  const messages = {};
  const signatures = new Map();
  for (const [id, unit] of source.units) {
    if (!unit.source) problems.push(`${sourceLocale}.xlf: ${id} has no source`);
    if (!unit.note) problems.push(`${sourceLocale}.xlf: ${id} has no note saying where it appears`);
  }
  for (const [locale, catalog] of [[sourceLocale, source], ...[...catalogs].filter(([name]) => name !== sourceLocale)]) {
    const file = `${locale}.xlf`;
    if (catalog.sourceLanguage !== sourceLocale) problems.push(`${file}: source-language is not ${sourceLocale}`);
    messages[locale] = {};
    for (const id of catalog.units.keys())
      if (!source.units.has(id)) problems.push(`${file}: ${id} is not in ${sourceLocale}.xlf`);
    for (const [id, { source: text }] of source.units) {
      const unit = catalog.units.get(id);
      const translated = locale === sourceLocale ? text : unit?.target;
      if (!translated?.trim()) {
        problems.push(`${file}: no translation for ${id}`);
        continue;
      }
      if (locale !== sourceLocale && unit.source !== text) problems.push(`${file}: ${id} translates an older source text`);
      let tokens;
      try {
        tokens = parse(translated);
      } catch (error) {
        problems.push(`${file}: ${id}: ${error.message}`);
        continue;
      }
      const args = argumentsOf(tokens);
      if (locale === sourceLocale) signatures.set(id, args);
      const expected = [...(signatures.get(id)?.keys() ?? [])].sort().join(', ');
      if ([...args.keys()].sort().join(', ') !== expected) problems.push(`${file}: ${id} must use exactly {${expected}}`);
      for (const form of missingPluralForms(tokens, locale)) problems.push(`${file}: ${id} lacks the plural form ${form}`);
      messages[locale][id] = translated;
    }
  }
  if (problems.length > 0) throw new Error(`The catalog ${dir} does not compile:\n  ${problems.join('\n  ')}`);
  return { sourceLocale, messages, signatures, notes: new Map([...source.units].map(([id, unit]) => [id, unit.note])) };
}

function compile(dir, out) {
  const { messages, signatures } = readCatalog(dir);

  const locales = Object.keys(messages);
  const origin = `${relative(process.cwd(), dir)}/*.xlf`;
  const header = `// Generated by scripts/compile-messages.mjs from ${origin}: edit those files, not this one.\n`;
  const code = compileModule(new MessageFormat(locales), messages);
  writeFileSync(out, `${header}${code}\nexport const locales = ${JSON.stringify(locales)};\n`);
  const types = [...signatures].map(([id, args]) => {
    const params = [...args].map(([name, type]) => `${JSON.stringify(name)}: ${type}`).join('; ');
    return `  ${JSON.stringify(id)}: (${params ? `params: { ${params} }` : ''}) => string;`;
  });
  writeFileSync(
    out.replace(/\.js$/, '.d.ts'),
    `${header}export type Locale = ${locales.map((locale) => JSON.stringify(locale)).join(' | ')};
export interface Messages {
${types.join('\n')}
}
export declare const locales: Locale[];
declare const catalog: Record<Locale, Messages>;
export default catalog;
`,
  );
}

const [dir, out] = process.argv.slice(2);
if (import.meta.url !== pathToFileURL(process.argv[1]).href) {
  // Imported for `readCatalog`.
} else if (!dir || !out?.endsWith('.js')) {
  console.error('Usage: node scripts/compile-messages.mjs <xliff-dir> <out.js>');
  process.exit(2);
} else {
  try {
    compile(dir, out);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
