// Entry of the console page: bundled by scripts/build.mjs into one classic script.
import { boot } from './pages/console.js';
import { whenReady } from './lib/dom.js';

whenReady(boot);
