// The console's service worker, served at /sw.js so that its scope is the
// whole site: shows alert notifications from Web Push and opens the console
// at the alert when one is tapped (lib/notify.js). Bundled by
// scripts/build.mjs into one classic script.
import { attachServiceWorker } from './lib/notify.js';

attachServiceWorker(self, '/icons/icon-192.png');
