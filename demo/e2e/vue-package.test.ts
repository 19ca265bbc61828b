// The npm package in a fresh Vue 3 + TypeScript app made with Vite, set up as the README says: installed from its
// tarball, the tags declared custom elements to Vue's compiler, templates type-checked by vue-tsc with the package's
// Vue typings (a wrong prop type and a wrong event handler are errors), built, and rendered in Chromium on its own
// origin, where <book-session course-id=…> (its token provider bound as a property) books a slot and its
// @request-sent handler shows the request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bookInApp, hostAppForTests, makeApp, run, viteCompilerOptions } from './host-app.ts';

/** Template lines that must not type-check, each under the directive that expects its error. */
const checked = `<script setup lang="ts">
import type { SlotCreatedEvent } from '@one-on-one/widgets';

function onSlotCreated(event: SlotCreatedEvent) {
  console.log(event.detail.slot.startsAt);
}
</script>

<template>
  <!-- @vue-expect-error course-id is a string -->
  <book-session :course-id="101" />
  <!-- @vue-expect-error request-sent carries a RequestSentEvent, not a SlotCreatedEvent -->
  <book-session course-id="c-101" @request-sent="onSlotCreated" />
</template>
`;

/** `template` without its directives, and the 1-based lines that each directive was about. */
function withoutDirectives(template: string): { source: string; lines: number[] } {
  const kept: string[] = [];
  const lines: number[] = [];
  for (const line of template.split('\n')) {
    if (line.includes('@vue-expect-error')) lines.push(kept.length + 1);
    else kept.push(line);
  }
  return { source: kept.join('\n'), lines };
}

const unchecked = withoutDirectives(checked);

/** What `npm create vite -- --template vue-ts` gives, trimmed, using the package the way its README says. */
const app: Record<string, string> = {
  'index.html': `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><title>Host app</title></head>
<body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>`,
  'vite.config.ts': `import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
const tags = ['book-session', 'my-session-requests', 'session-requests', 'availability-manager'];
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tags.includes(tag) } } })],
});`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { ...viteCompilerOptions, types: [] },
    include: ['src/**/*.ts', 'src/**/*.vue'],
  }),
  // The same options over the checked template with its directives taken out: each line must be an error.
  'tsconfig.unchecked.json': JSON.stringify({ extends: './tsconfig.json', include: ['src/env.d.ts', 'unchecked/*.vue'] }),
  'src/env.d.ts': `/// <reference types="vite/client" />
/// <reference types="@one-on-one/widgets/vue" />`,
  'src/main.ts': `import { configure } from '@one-on-one/widgets';
import '@one-on-one/widgets/define';
import { createApp } from 'vue';
import App from './App.vue';

configure({ apiBase: import.meta.env.VITE_API });
createApp(App).mount('#app');`,
  'src/App.vue': `<script setup lang="ts">
import type { SessionRequest, TokenProvider } from '@one-on-one/widgets';
import { ref } from 'vue';

const sent = ref<SessionRequest>();
const token: TokenProvider = () => fetch('/token').then((res) => res.text());
</script>

<template>
  <main>
    <h1>Host app</h1>
    <book-session
      course-id="c-101"
      :heading-level="2"
      :tokenProvider="token"
      @request-sent="(event) => (sent = event.detail.request)"
    />
    <p v-if="sent" id="sent">Sent: {{ sent.status }}</p>
  </main>
</template>`,
  'src/Checked.vue': checked,
  'unchecked/Checked.vue': unchecked.source,
};

const host = hostAppForTests('vue-app-');

describe('the npm package in a fresh Vue 3 + TypeScript app', () => {
  it('installs from its tarball, type-checks templates with vue-tsc, builds and books with <book-session>', async () => {
    // vue-tsc runs on TypeScript's JavaScript API, which TypeScript 7 no longer has: the app keeps TypeScript 5.
    const installed = makeApp(host.dir, app, ['vue@3', 'vite@8', '@vitejs/plugin-vue@6', 'vue-tsc@3', 'typescript@5']);
    expect(Object.keys(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).exports)).toContain('./vue');
    // Every tag of the manifest is a global component, with an on… handler per event typed with its event class.
    const elements = JSON.parse(readFileSync(join(installed, 'custom-elements.json'), 'utf8'));
    const vue = readFileSync(join(installed, 'dist/npm/types/vue.d.ts'), 'utf8');
    for (const module of elements.modules) {
      for (const declaration of module.declarations ?? []) {
        if (!declaration.tagName) continue;
        expect(vue).toContain(`'${declaration.tagName}': DefineCustomElement<${declaration.name}, `);
        const props = vue.slice(vue.indexOf(`interface ${declaration.name}Props {`)).split('\n}')[0];
        for (const { name, type } of declaration.events) {
          const handler = `on${name.replace(/(^|-)(\w)/g, (_: string, __: string, letter: string) => letter.toUpperCase())}`;
          expect(props, `${declaration.tagName} ${name}`).toContain(`${handler}?: (event: ${type.text}) => void;`);
        }
      }
    }

    // The @vue-expect-error lines fail the check if the typings let them through…
    run('npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.json'], host.dir);
    // …and without the directives, each of those lines is an error of its own.
    let errors = '';
    try {
      run('npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.unchecked.json'], host.dir);
    } catch (error) {
      errors = (error as Error).message;
    }
    expect(errors.match(/error TS\d+/g) ?? []).toHaveLength(unchecked.lines.length);
    for (const line of unchecked.lines) expect(errors).toContain(`unchecked/Checked.vue(${line},`);
    expect(errors).toContain("is not assignable to type '(event: RequestSentEvent) => void'");

    run('npx', ['vite', 'build', '--logLevel', 'error'], host.dir, { VITE_API: host.server.url });
    expect(readFileSync(join(host.dir, 'dist/index.html'), 'utf8')).toContain('<script type="module"');

    const { headingLevel } = await bookInApp(host, 26);
    expect(headingLevel).toBe('2');
  });
});
