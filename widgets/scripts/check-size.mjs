// SPEC 17's script budgets, measured on the build's own chunk graph (dist/.vite/manifest.json, and
// dist/.vite/together.json for the files of several elements) and on the gzip files the API serves
// (scripts/compress.mjs); `npm test` fails above them. Brotli, which browsers mostly get, is shown beside.
// - A page with only one element loads widgets.js, the chunks it imports, the element's chunk and the chunks that
//   imports. `<book-session>`'s page: at most 15 KB. The other three are shown.
// - A page with all four elements when the loader first looks loads widgets.js, the chunks it imports and the one
//   file of the four (scripts/together.ts). SPEC 17 says 22 KB, which the single-file widgets.js met (21.45 KB).
//   Split into a file per element, the same code was 2.5 KB longer (the imports and exports between chunks, the
//   loader), and each file compressed apart, so what one file shares with another no longer shrank it; with
//   `<session-requests>`' tabs (Agenda, Students, Reports), 28.42 KB. The build then cut from Lit what the widgets
//   never use (27.90 KB), and the four came in one file (24.01 KB; 23.54 KB with more of Lit cut and more short names; 24.33 KB with the ICU catalog's plurals and the translated system reasons; 25.17 KB with the agenda;
//   23.44 KB with the bodies of Repeat weekly, the booking rules and Subscribe in your calendar loaded when first
//   opened; 22.48 KB with a slot's edit form and delete confirmation, the move form and the request lists' cancel,
//   reject and approve forms loaded when first opened; 22.56 KB with the day strip's fade and the Arabic quotation marks; 22.49 KB with one LazyModule for every part loaded on first need; 21.96 KB with English plurals per file and
//   <book-session>'s waitlist part loaded when a course first shows no open time; 21.73 KB with Escape closing every
//   panel, a closed status filter opening Earlier, and the Notifications switch in a module of its own). The check
//   holds SPEC 17's 22 KB.
// - The same four added to the page one at a time load each element's chunk (the figure before the one file; the
//   loader's choice of files added 0.12 KB to it): held where it is too.
// - Each locale module (fetched when an element first speaks it): at most 5 KB.
// - A view, a chunk an element imports only when the person opens it (an educator's Students or Reports, the week,
//   the body of a panel: Repeat weekly, the booking rules, Subscribe in your calendar; a slot's or a request's
//   forms), or once the page has drawn (the waitlist offer of a course with no open time, the Notifications switch
//   under a request list, which shows once its setting has loaded), is in no page's figure above: what it loads
//   beyond what its page had loaded is its own figure, at most 6 KB.
import { existsSync, readFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const KB = 1024;
const BUDGETS = { page: 15 * KB, all: 22 * KB, oneByOne: 25.2 * KB, locale: 5 * KB, view: 6 * KB };

const read = (file) => JSON.parse(readFileSync(new URL(file, dist), 'utf8'));
if (!existsSync(new URL('.vite/manifest.json', dist)) || !existsSync(new URL('.vite/together.json', dist))) {
  console.log('No build to measure: run npm run build.');
  process.exit(1);
}
const manifest = read('.vite/manifest.json');
const together = read('.vite/together.json');
/** The size of `file` as served with `coding` (`gz`, `br`). */
function served(file, coding) {
  const path = new URL(`${file}.${coding}`, dist);
  if (!existsSync(path)) {
    console.log(`${file}.${coding} is missing: run npm run build.`);
    process.exit(1);
  }
  return readFileSync(path).length;
}

/** Every file of the build and what it imports (files too): the manifest's chunks and the files of several elements. */
const graph = new Map(Object.entries(together.files));
const fileOf = (key) => manifest[key].file;
for (const chunk of Object.values(manifest)) {
  graph.set(chunk.file, { imports: (chunk.imports ?? []).map(fileOf), dynamicImports: (chunk.dynamicImports ?? []).map(fileOf) });
}
const nameOf = (file) => Object.values(manifest).find((chunk) => chunk.file === file)?.name ?? file;
const isLocale = (file) => file.startsWith('locales/');

/** The files a file needs before it runs: itself and, recursively, what it imports statically. */
function loads(file, into = new Set()) {
  if (!into.has(file)) {
    into.add(file);
    for (const imported of graph.get(file)?.imports ?? []) loads(imported, into);
  }
  return into;
}
const total = (files, coding) => [...files].reduce((sum, file) => sum + served(file, coding), 0);
const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

let failed = false;
function report(label, files, budget) {
  const bytes = total(files, 'gz');
  const verdict =
    budget === undefined ? '' : bytes <= budget ? `, within the ${kb(budget)} budget` : `, OVER the ${kb(budget)} budget`;
  if (bytes > budget) failed = true;
  console.log(`${label}: ${kb(bytes)} gzip (${bytes} B; brotli ${kb(total(files, 'br'))}; ${files.size} files)${verdict}`);
}

const entry = Object.values(manifest).find((chunk) => chunk.isEntry).file;
const loader = loads(entry);
// The elements are what the loader's chunks import on demand, locales aside.
const elements = [...loader].flatMap((file) => graph.get(file).dynamicImports).filter((file) => !isLocale(file));
if (elements.length !== 4 || Object.keys(together.sets).length !== 11) {
  console.log(`The loader imports ${elements.length} elements on demand, not four, or not their 11 sets: run npm run build.`);
  process.exit(1);
}

report('widgets.js and the chunks it imports', loader);
const pages = new Map(elements.map((file) => [`a page with only <${nameOf(file)}>`, loads(file, new Set(loader))]));
for (const [label, files] of pages) report(label, files, label.endsWith('<book-session>') ? BUDGETS.page : undefined);
/** The page of the elements of `set` when the loader first looks: its file of them (scripts/together.ts). */
const setPage = ({ tags, file }) => [`a page with ${tags.map((tag) => `<${tag}>`).join(' and ')}`, loads(file, new Set(loader))];
const sets = Object.values(together.sets);
const setPages = new Map(
  [sets.find(({ tags }) => tags.length === 4), ...sets.filter(({ tags }) => tags.length === 2)].map(setPage),
);
for (const [label, files] of setPages) report(label, files, files === setPages.values().next().value ? BUDGETS.all : undefined);
report('the four added to a page one at a time', new Set([...pages.values()].flatMap((files) => [...files])), BUDGETS.oneByOne);

// Views: the dynamic imports, locales and elements aside, of the files a page loads.
for (const [label, files] of [...pages, ...setPages]) {
  const views = new Set([...files].flatMap((file) => graph.get(file).dynamicImports).filter((file) => !isLocale(file)));
  for (const view of views) {
    if (elements.includes(view)) continue;
    const more = new Set([...loads(view)].filter((file) => !files.has(file)));
    report(
      `${label}, its view ${nameOf(view)
        .replace(/-[\w-]{8}\.js$/, '')
        .replace(/^chunks\//, '')}`,
      more,
      BUDGETS.view,
    );
  }
}

const locales = Object.values(manifest)
  .map((chunk) => chunk.file)
  .filter(isLocale);
if (locales.length < 5) {
  console.log('The locale modules are missing: run npm run build.');
  failed = true;
}
for (const file of locales) report(file, new Set([file]), BUDGETS.locale);
if (failed) process.exitCode = 1;
