// The single-file bundle served at /widgets.js: registers the tags and exports everything.
import './define.ts';

export * from './index.ts';
