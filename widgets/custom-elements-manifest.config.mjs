// Generates custom-elements.json from the elements' class comments.
import { readFileSync } from 'node:fs';

/** Keeps only what the comments document: internal state is not public API. */
const documentedOnly = {
  name: 'documented-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        const isPublic = (member) => (member.privacy ?? 'public') === 'public';
        const hidden = new Set(declaration.members?.filter((member) => !isPublic(member)).map((member) => member.name));
        declaration.attributes = declaration.attributes?.filter(
          (attribute) => attribute.description && !hidden.has(attribute.fieldName),
        );
        declaration.events = declaration.events?.filter((event) => event.description);
        declaration.members = declaration.members?.filter(
          (member) => isPublic(member) && (member.kind === 'method' || member.description),
        );
      }
    }
  },
};

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/internal/fake-api.ts', 'src/internal/test-helpers.ts'],
  outdir: '.',
  // The analyzer lists modules in the order its glob returns files, which is the order parallel directory reads
  // happen to finish (it varies on a busy machine); read them in path order so a build rewrites nothing.
  overrideModuleCreation: ({ ts, globs }) =>
    globs
      .toSorted()
      .map((path) =>
        ts.createSourceFile(path, readFileSync(new URL(path, import.meta.url), 'utf8'), ts.ScriptTarget.ES2015, true),
      ),
  litelement: true,
  plugins: [documentedOnly],
};
