// Loads the file that holds several elements' code, for a page that has those elements at once: the build of
// widgets.js writes this (scripts/together.ts); run from source, each element loads on its own.
import type { TogetherLoader } from './autoload.ts';

export const together: TogetherLoader = () => undefined;
