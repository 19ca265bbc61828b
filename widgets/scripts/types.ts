// Emits the npm package's type declarations into dist/npm/types: TypeScript's declarations of the widgets, with
// their imports pointing at the emitted files; the resources the widgets carry (Slot, CourseSlot, SessionRequest,
// Policy, WaitlistEntry, Notifications) as plain types generated from the contract's schemas, and the contract's request vocabulary (statuses,
// actions, parties) as its own declarations, so that the package's types need neither the contract workspace nor
// zod; and JSX and Vue typings of the tags generated from custom-elements.json.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CourseSlot, Notifications, Policy, SessionRequest, Slot, WaitlistEntry } from '@one-on-one/contract/resources';
import { generateJsxTypes } from '@wc-toolkit/jsx-types';
import openapiTS, { astToString } from 'openapi-typescript';
import { z } from 'zod';
import { eventClasses, vueTypes } from './vue-types.ts';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist/npm/types');
const here = { cwd: root, stdio: 'inherit' } as const;
execFileSync('npx', ['tsc', '-p', 'tsconfig.types.json'], here);
// The vocabulary is plain constants and their types: its own declarations serve as they are.
const declarationsOnly = ['--declaration', '--emitDeclarationOnly', '--module', 'esnext', '--moduleResolution', 'bundler'];
execFileSync('npx', ['tsc', '../contract/src/vocabulary.ts', ...declarationsOnly, '--outDir', out], here);

// The resources, as an OpenAPI document's schemas turned into TypeScript (their descriptions become comments).
const schemas = Object.fromEntries(
  Object.entries({ Slot, CourseSlot, SessionRequest, Policy, WaitlistEntry, Notifications }).map(([name, schema]) => [
    name,
    z.toJSONSchema(schema, { io: 'output' }),
  ]),
);
const ast = await openapiTS({
  openapi: '3.1.0',
  info: { title: 'One-on-one resources', version: '1' },
  paths: {},
  components: { schemas },
} as never);
writeFileSync(
  join(out, 'resources.d.ts'),
  `// The resources as the API serves them, generated from the API's own schemas.\n${astToString(ast)}
/** A slot as its educator sees it. */
export type Slot = components['schemas']['Slot'];
/** A slot as the students of its course see it. */
export type CourseSlot = components['schemas']['CourseSlot'];
/** A session request, as its student and its educator see it. */
export type SessionRequest = components['schemas']['SessionRequest'];
/** A course's booking rules in effect. */
export type Policy = components['schemas']['Policy'];
/** A student's wait for a time to open in a course: a slot starting in [from, to) is what they would take. */
export type WaitlistEntry = components['schemas']['WaitlistEntry'];
/** Whether the caller gets email from the tool: on unless they turned it off or unsubscribed. */
export type Notifications = components['schemas']['Notifications'];
`,
);

// Imports as a consumer resolves them: emitted files end in .js; the contract's resources and vocabulary are the
// files above.
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
for (const file of files(out).filter((path) => path.endsWith('.d.ts'))) {
  const toEmitted = (_: string, module: string) => {
    const path = relative(join(file, '..'), join(out, `${module}.js`));
    return `'${path.startsWith('.') ? path : `./${path}`}'`;
  };
  const code = readFileSync(file, 'utf8')
    .replace(/((?:from|import) '\.{1,2}\/[^']+)\.ts'/g, "$1.js'")
    .replace(/'@one-on-one\/contract\/(resources|vocabulary)'/g, toEmitted);
  if (code.includes('@one-on-one/contract')) throw new Error(`${file} still imports the contract workspace`);
  writeFileSync(file, code);
}

// JSX typings of the four tags (attributes, properties and events), for React 19, Preact and Solid users.
const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
generateJsxTypes(manifest, {
  outdir: out,
  fileName: 'jsx.d.ts',
  componentTypePath: (_name: string, _tag?: string, modulePath?: string) =>
    `./${(modulePath ?? '').replace(/^src\//, '').replace(/\.ts$/, '.js')}`,
  stronglyTypedEvents: true,
});
// It names the events' classes without importing them, which a consumer's skipLibCheck would turn into `any`.
const jsx = readFileSync(join(out, 'jsx.d.ts'), 'utf8');
const jsxImports = `import type { ${eventClasses(manifest).join(', ')} } from './index.js';\n`;
writeFileSync(join(out, 'jsx.d.ts'), jsxImports + jsx);

// Vue typings of the same tags (`GlobalComponents`), typed with the classes the package's index exports.
const index = readFileSync(join(out, 'index.d.ts'), 'utf8');
const exported = [...index.matchAll(/export \{([^}]*)\}/g)].flatMap(([, names]) =>
  names.split(',').map((name) => name.replace(/^\s*type\s+/, '').trim()),
);
writeFileSync(join(out, 'vue.d.ts'), vueTypes(manifest, new Set(exported)));
