// Entry of the display page: bundled by scripts/build.mjs into one classic script.
import { boot } from './pages/display.js';
import { whenReady } from './lib/dom.js';

whenReady(boot);
