// Vue typings of the tags from custom-elements.json: a `GlobalComponents` entry per tag, so that `vue-tsc` checks
// each tag's props (its attributes and writable properties, typed as the element's own) and its events (typed with
// the package's event classes), in the shape Vue's guide gives for custom elements.

/** A class member or attribute as the manifest describes it, as far as the typings need. */
interface Member {
  kind?: string;
  name: string;
  description?: string;
  privacy?: string;
  static?: boolean;
  readonly?: boolean;
  type?: { text: string };
  fieldName?: string;
}

/** A custom element's declaration in the manifest. */
interface Declaration {
  name: string;
  tagName?: string;
  members?: Member[];
  attributes?: Member[];
  events?: Member[];
}

/** The part of the manifest the typings are made from. */
export interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

const camel = (name: string) => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
const pascal = (name: string) => camel(name).replace(/^\w/, (letter) => letter.toUpperCase());
const comment = (text: string | undefined, indent: string) => (text ? `${indent}/** ${text.replace(/\s*\n\s*/g, ' ')} */\n` : '');
const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);

/** A tag's props: writable public fields typed as the class has them, attributes with no field by their text. */
function props(element: Declaration): string[] {
  const fields = (element.members ?? []).filter(
    (member) => member.kind === 'field' && !member.static && !member.readonly && (member.privacy ?? 'public') === 'public',
  );
  const names = new Set(fields.map((field) => field.name));
  const loose = (element.attributes ?? []).filter((attribute) => !attribute.fieldName || !names.has(attribute.fieldName));
  return [
    ...fields.map((field) => `${comment(field.description, '  ')}  ${key(field.name)}?: ${element.name}['${field.name}'];`),
    ...loose.map(
      (attribute) =>
        `${comment(attribute.description, '  ')}  ${key(camel(attribute.name))}?: ${attribute.type?.text ?? 'string'};`,
    ),
  ];
}

/** The classes of every event the manifest's elements fire, by name. */
export function eventClasses(manifest: Manifest): string[] {
  const elements = manifest.modules.flatMap((module) => module.declarations ?? []);
  return [...new Set(elements.flatMap((element) => (element.events ?? []).map((event) => event.type?.text ?? '')))].sort();
}

/**
 * The contents of vue.d.ts for the manifest's tags. `exported` names what the package's index exports: every tag's
 * class and every event's type must be among them, or the typings would silently degrade to `any`.
 */
export function vueTypes(manifest: Manifest, exported: Set<string>): string {
  const elements = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.tagName)
    .sort((a, b) => (a.tagName as string).localeCompare(b.tagName as string));
  const imports = new Set<string>();
  const blocks = elements.map((element) => {
    const events = element.events ?? [];
    for (const name of [element.name, ...events.map((event) => event.type?.text ?? '')]) {
      if (!exported.has(name))
        throw new Error(`<${element.tagName}>: ${name || 'an untyped event'} is not exported by the package`);
      imports.add(name);
    }
    const handlers = events.map(
      (event) => `${comment(event.description, '  ')}  on${pascal(event.name)}?: (event: ${event.type?.text}) => void;`,
    );
    const emits = events.map((event) => `  '${event.name}': ${event.type?.text};`);
    return `/** \`<${element.tagName}>\`'s props: its attributes and properties, and a handler per event. */
export interface ${element.name}Props {
${[...props(element), ...handlers].join('\n')}
}

/** \`<${element.tagName}>\`'s events by name. */
export interface ${element.name}Events {
${emits.join('\n')}
}
`;
  });
  const entries = elements.map(
    (element) => `  '${element.tagName}': DefineCustomElement<${element.name}, ${element.name}Props, ${element.name}Events>;`,
  );
  return `// Vue typings of the package's tags, generated from custom-elements.json: vue-tsc checks their props and events.
// Load them with \`/// <reference types="@one-on-one/widgets/vue" />\` or "types" in tsconfig.json, and tell Vue's
// compiler the tags are custom elements (\`compilerOptions.isCustomElement\`).
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { ${[...imports].sort().join(', ')} } from './index.js';

/** A tag as Vue's template checking sees it: the element, with the props and events it takes. */
export type DefineCustomElement<Element extends HTMLElement, Props, Events> = new () => Element & {
  /** @deprecated For template type checking only: the element has no \`$props\`. */
  $props: HTMLAttributes & Props & PublicProps;
  /** @deprecated For template type checking only: the element has no \`$emit\`. */
  $emit: EmitFn<{ [Name in keyof Events]: (event: Events[Name]) => void }>;
};

${blocks.join('\n')}
/** The package's tags, for \`GlobalComponents\`. */
export interface CustomElements {
${entries.join('\n')}
}

declare module 'vue' {
  interface GlobalComponents extends CustomElements {}
}
`;
}
