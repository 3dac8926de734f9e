// Builds the leaderboard page into the API host's web root (no bundler).
//
//   node scripts/build.mjs [--out <dir>]
//
// Default output: ../../api/Tracking.Api/wwwroot (relative to clients/web).
// Writes index.html, app.js, app.css and lib/signalr.min.js (+ its source
// map). index.html references the assets with a content hash in the query
// string so that screens pick up a new build without stale caches.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(webDir, 'src');

function parseArgs(argv) {
  const args = { out: process.env.TRACKING_WEB_OUT || '' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && i + 1 < argv.length) {
      args.out = argv[++i];
    } else if (argv[i].startsWith('--out=')) {
      args.out = argv[i].slice('--out='.length);
    } else {
      throw new Error(`unknown argument: ${argv[i]}`);
    }
  }
  return args;
}

function fail(message) {
  console.error(`web build: error: ${message}`);
  process.exit(1);
}

// Writes through a temporary file and a rename, so a running server never
// serves a half-written file.
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function shortHash(data) {
  return createHash('sha256').update(data).digest('hex').slice(0, 12);
}

function locateSignalR() {
  const require = createRequire(join(webDir, 'package.json'));
  let pkgJson;
  try {
    pkgJson = require.resolve('@microsoft/signalr/package.json');
  } catch {
    fail('@microsoft/signalr is not installed; run `npm ci` in clients/web first.');
  }
  const pkgDir = dirname(pkgJson);
  const version = JSON.parse(readFileSync(pkgJson, 'utf8')).version;
  const js = join(pkgDir, 'dist', 'browser', 'signalr.min.js');
  if (!existsSync(js)) {
    fail(`${js} is missing; reinstall with \`npm ci\`.`);
  }
  return { version, js, map: `${js}.map` };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const outDir = resolve(webDir, args.out || join('..', '..', 'api', 'Tracking.Api', 'wwwroot'));

  const signalr = locateSignalR();
  const appJs = readFileSync(join(srcDir, 'app.js'));
  const appCss = readFileSync(join(srcDir, 'app.css'));
  const template = readFileSync(join(srcDir, 'index.html'), 'utf8');
  try {
    new Script(appJs.toString('utf8'), { filename: 'src/app.js' }); // syntax check only
  } catch (err) {
    fail(`src/app.js does not compile: ${err.message}`);
  }

  const replacements = {
    __APP_JS__: `app.js?v=${shortHash(appJs)}`,
    __APP_CSS__: `app.css?v=${shortHash(appCss)}`,
    __SIGNALR_JS__: `lib/signalr.min.js?v=${encodeURIComponent(signalr.version)}`,
  };
  let html = template;
  for (const [placeholder, value] of Object.entries(replacements)) {
    if (!html.includes(placeholder)) {
      fail(`src/index.html does not contain ${placeholder}`);
    }
    html = html.split(placeholder).join(value);
  }

  const written = [];
  const emit = (name, data) => {
    writeAtomic(join(outDir, name), data);
    written.push(name);
  };
  emit(join('lib', 'signalr.min.js'), readFileSync(signalr.js));
  if (existsSync(signalr.map)) {
    emit(join('lib', 'signalr.min.js.map'), readFileSync(signalr.map));
  }
  emit('app.js', appJs);
  emit('app.css', appCss);
  // Last, so that the page never references assets that are not there yet.
  emit('index.html', html);

  const shownOut = relative(process.cwd(), outDir) || '.';
  console.log(`web build: wrote ${written.length} files to ${shownOut} (signalr ${signalr.version})`);
}

try {
  main();
} catch (err) {
  fail(err && err.message ? err.message : String(err));
}
