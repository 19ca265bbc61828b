// The npm package as a host developer meets it: `npm pack`, installed from the tarball into a fresh React +
// TypeScript app made with Vite, type-checked (a wrong prop type and an unknown attribute are errors), built, and
// rendered in Chromium on its own origin, where <BookSession courseId=…> books a slot and calls onRequestSent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bookInApp, hostAppForTests, makeApp, run, viteCompilerOptions } from './host-app.ts';

/** What `npm create vite -- --template react-ts` gives, trimmed, using the package the way its README says. */
const app: Record<string, string> = {
  'index.html': `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><title>Host app</title></head>
<body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>`,
  'vite.config.ts': `import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
export default defineConfig({ plugins: [react()] });`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { ...viteCompilerOptions, jsx: 'react-jsx', types: ['vite/client'] },
    include: ['src'],
  }),
  // The tags typed in JSX from the package's manifest, for code that uses them without the React wrappers.
  'src/custom-elements.d.ts': `import type { CustomElements } from '@one-on-one/widgets/jsx';
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}`,
  'src/main.tsx': `import { configure, type SessionRequest } from '@one-on-one/widgets';
import { BookSession } from '@one-on-one/widgets/react';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

configure({ apiBase: import.meta.env.VITE_API, tokenProvider: () => fetch('/token').then((res) => res.text()) });

function App() {
  const [sent, setSent] = useState<SessionRequest>();
  return (
    <main>
      <h1>Host app</h1>
      <BookSession courseId="c-101" headingLevel={2} onRequestSent={(event) => setSent(event.detail.request)} />
      {sent && <p id="sent">Sent: {sent.status}</p>}
      <my-session-requests heading-level={2} hidden />
    </main>
  );
}

export function Checked() {
  return (
    <>
      {/* @ts-expect-error courseId is a string */}
      <BookSession courseId={101} />
      {/* @ts-expect-error <my-session-requests> has no course: it lists all of the student's requests */}
      <my-session-requests courseId="c-101" />
    </>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);`,
};

const host = hostAppForTests('host-app-');

describe('the npm package in a fresh React + TypeScript app', () => {
  it('installs from its tarball, type-checks, builds and renders <BookSession courseId=…>', async () => {
    const installed = makeApp(host.dir, app, [
      'react@19',
      'react-dom@19',
      '@types/react@19',
      '@types/react-dom@19',
      'vite@8',
      '@vitejs/plugin-react@6',
      'typescript@7',
    ]);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.license).toBe('MIT');
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './define', './react', './custom-elements.json']));
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toContain('MIT License');
    // Every event the manifest documents has its on… prop on the tag's React component.
    const elements = JSON.parse(readFileSync(join(installed, 'custom-elements.json'), 'utf8'));
    const react = readFileSync(join(installed, 'dist/npm/types/react.d.ts'), 'utf8');
    for (const module of elements.modules) {
      for (const declaration of module.declarations ?? []) {
        if (!declaration.tagName) continue;
        const component = react.slice(react.indexOf(`const ${declaration.name}:`)).split('}>;')[0];
        for (const { name } of declaration.events) {
          const prop = `on${name.replace(/(^|-)(\w)/g, (_: string, __: string, letter: string) => letter.toUpperCase())}`;
          expect(component, `${declaration.tagName} ${name}`).toContain(`${prop}: EventName`);
        }
      }
    }

    // Type-checks with the app's TypeScript: the @ts-expect-error lines fail the check if the types let them through.
    run('npx', ['tsc', '-p', 'tsconfig.json'], host.dir);
    run('npx', ['vite', 'build', '--logLevel', 'error'], host.dir, { VITE_API: host.server.url });
    expect(readFileSync(join(host.dir, 'dist/index.html'), 'utf8')).toContain('<script type="module"');

    const { headingLevel } = await bookInApp(host, 25);
    expect(headingLevel).toBe('2');
  });
});
