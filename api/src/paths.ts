// Where the files the server reads live, relative to the api package: the same from the TypeScript
// sources (src/) as from the built server (dist/), both one level below the package.
import { fileURLToPath } from 'node:url';

const apiRoot = new URL('../', import.meta.url);
const at = (path: string) => fileURLToPath(new URL(path, apiRoot));

export const migrationsFolder = at('drizzle');
export const widgetsBundlePath = at('../widgets/dist/widgets.js');
export const demoPagesPath = at('../demo');
