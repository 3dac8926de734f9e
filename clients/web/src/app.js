// Entry of the leaderboard page: bundled by scripts/build.mjs into one classic script.
import { boot } from './pages/leaderboard.js';
import { whenReady } from './lib/dom.js';

whenReady(boot);
