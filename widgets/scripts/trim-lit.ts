// Takes out of Lit's production modules, for widgets.js only, what the widgets never use: the hooks of Lit's
// polyfill-support and SSR-hydration scripts, the <style> elements for browsers without adoptedStyleSheets, the
// version registries, what only decorators use (metadata, initializers, `useDefault`, wrapped accessors),
// `removeController`, directives, SVG and MathML templates, templates compiled ahead of time, and the long texts of
// errors that only a misuse of Lit throws. Each cut is an exact piece of Lit's code: when an upgrade changes one, the
// build fails here rather than ship it uncut. The build fails too when the widgets start using directives,
// svg/mathml templates or `useDefault`.
import type { Plugin } from 'vite';

/** Lit's module (a path's end) → [its code, what replaces it]. */
const CUTS: Record<string, [string, string][]> = {
  'lit-html/lit-html.js': [
    // Directives: a value is rendered as it is (none of the widgets' values is a directive).
    [
      'function M(t,i,s=t,e){if(i===E)return i;let h=void 0!==e?s._$Co?.[e]:s._$Cl;const o=a(i)?void 0:i._$litDirective$;return h?.constructor!==o&&(h?._$AO?.(!1),void 0===o?h=void 0:(h=new o(t),h._$AT(t,s,e)),void 0!==e?(s._$Co??=[])[e]=h:s._$Cl=h),void 0!==h&&(i=M(t,h._$AS(t,i.values),h,e)),i}',
      'function M(t,i){return i}',
    ],
    // SVG and MathML templates.
    ['l=2===i?"<svg>":3===i?"<math>":""', 'l=""'],
    ['+(2===i?"</svg>":3===i?"</math>":"")', ''],
    [
      'if(this.el=S.createElement(f,e),P.currentNode=this.el.content,2===i||3===i){const t=this.el.content.firstChild;t.replaceWith(...t.childNodes)}',
      'this.el=S.createElement(f,e),P.currentNode=this.el.content;',
    ],
    // Templates compiled ahead of time (the widgets' are all tagged literals).
    ['e="number"==typeof s?this._$AC(t):(void 0===s.el&&(s.el=S.createElement(V(s.h,s.h[0]),this.options)),s)', 'e=this._$AC(t)'],
    ['B=t.litHtmlPolyfillSupport;B?.(S,k),(t.litHtmlVersions??=[]).push("3.3.3");', 'B=0;'],
  ],
  '@lit/reactive-element/reactive-element.js': [
    ['p=a.reactiveElementPolyfillSupport,', ''],
    [',p?.({ReactiveElement:y}),(a.reactiveElementVersions??=[]).push("2.1.2");', ';'],
    ['Symbol.metadata??=Symbol("metadata"),a.litPropertyMetadata??=new WeakMap;', ''],
    [
      'const t=this[Symbol.metadata];if(null!==t){const s=litPropertyMetadata.get(t);if(void 0!==s)for(const[t,i]of s)this.elementProperties.set(t,i)}',
      '',
    ],
    ['static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}', ''],
    ['void 0!==t.l&&(this.l=[...t.l]),', ''],
    ['removeController(t){this._$EO?.delete(t)}', ''],
    // `useDefault` (a property keeps its default while its attribute is absent) and `wrapped` accessors, which only
    // the decorators use.
    ['useDefault:!1,', ''],
    ['this.prototype.hasOwnProperty(t)&&((s=Object.create(s)).wrapped=!0),', ''],
    ['this[e]=r??this._$Ej?.get(e)??r', 'this[e]=r'],
    ['||i.useDefault&&i.reflect&&h===this._$Ej?.get(t)&&!this.hasAttribute(r._$Eu(t,i))', ''],
    [
      'C(t,s,{useDefault:i,reflect:e,wrapped:h},r){i&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,r??s??this[t]),!0!==h||void 0!==r)||(this._$AL.has(t)||(this.hasUpdated||i||(s=void 0),this._$AL.set(t,s)),!0===e&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}',
      'C(t,s,{reflect:e}){this._$AL.has(t)||(this.hasUpdated||(s=void 0),this._$AL.set(t,s)),!0===e&&this._$Em!==t&&(this._$Eq??=new Set).add(t)}',
    ],
    [
      'const t=this.constructor.elementProperties;if(t.size>0)for(const[s,i]of t){const{wrapped:t}=i,e=this[s];!0!==t||this._$AL.has(s)||void 0===e||this.C(s,void 0,i,e)}',
      '',
    ],
    [',this.constructor.l?.forEach(t=>t(this))', ''],
  ],
  '@lit/reactive-element/css-tag.js': [
    // The <style> elements for a browser without constructable style sheets: widgets.js already needs class static
    // blocks (Chrome 94, Firefox 93, Safari 16.4), and of those browsers only Firefox 93–100 lacks adoptedStyleSheets.
    [
      'e=t.ShadowRoot&&(void 0===t.ShadyCSS||t.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype',
      'e=!0',
    ],
    ['throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.")', 'throw Error("CSSResult")'],
    [
      `throw Error("Value passed to 'css' function must be a 'css' function result: "+t+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")`,
      'throw Error("css")',
    ],
  ],
  'lit-element/lit-element.js': [
    [',s.litElementHydrateSupport?.({LitElement:i});const o=s.litElementPolyfillSupport;o?.({LitElement:i});', ';'],
    [';(s.litElementVersions??=[]).push("4.2.2")', ';'],
  ],
};

/** Lit's modules the cuts assume unused: directives, and templates other than HTML. */
const UNUSED = /[\\/]lit-html[\\/](directive|async-directive|directive-helpers|static)\.js$|[\\/]lit-html[\\/]directives[\\/]/;

/** The plugin: applies the cuts to Lit's modules and checks that nothing the cuts removed is used. */
export function trimLit(): Plugin {
  return {
    name: 'trim-lit',
    transform(code, id) {
      const file = Object.keys(CUTS).find((end) => id.replace(/\\/g, '/').endsWith(`/node_modules/${end}`));
      if (!file) return null;
      let trimmed = code;
      for (const [cut, replacement] of CUTS[file]) {
        if (!trimmed.includes(cut)) throw new Error(`Lit changed: ${file} no longer has ${cut.slice(0, 60)}…`);
        trimmed = trimmed.replace(cut, () => replacement);
      }
      return { code: trimmed, map: null };
    },
    buildEnd() {
      for (const id of this.getModuleIds()) {
        if (UNUSED.test(id)) throw new Error(`${id} is used: scripts/trim-lit.ts cut Lit's support for it`);
        const code = this.getModuleInfo(id)?.code ?? '';
        if (!id.includes('node_modules') && /\b(svg|mathml)`|\buseDefault\b/.test(code)) {
          throw new Error(`${id} uses an svg or mathml template or useDefault: scripts/trim-lit.ts cut Lit's support`);
        }
      }
    },
  };
}
