// Builds the web pages into the API host's web root.
//
//   node scripts/build.mjs [--out <dir>] [--check]
//
// --check bundles the scripts and fills the pages but writes nothing.
//
// Default output: ../../api/Tracking.Api/wwwroot (relative to clients/web).
// Writes index.html (leaderboard), display.html (office TV), console.html
// (supervisor console), their style sheets, lib/signalr.min.js (+ its source
// map), and one script per page: esbuild bundles the page's ES modules
// (src/app.js, src/display.js, src/console.js and what they import from
// src/pages and src/lib) into a single classic script for ES2015 browsers,
// the floor the SignalR client sets anyway (see README.md, "Modules and the
// build"). Pages reference the assets with a content hash in the query
// string so that screens pick up a new build without stale caches.
//
// The console is an installable app: the web app manifest
// (manifest.webmanifest, copied), its icons (icons/icon-192.png and
// icon-512.png, drawn by scripts/icons.mjs) and the service worker sw.js
// (bundled from src/sw.js). These keep fixed addresses: the manifest names
// the icons, and a service worker is identified by its URL (at the root so
// that its scope is the whole site); browsers check it for changes
// themselves.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { ICON_SIZES, iconName, drawIcon } from './icons.mjs';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(webDir, 'src');

function parseArgs(argv) {
  const args = { out: process.env.TRACKING_WEB_OUT || '', check: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') {
      args.check = true;
    } else if (argv[i] === '--out' && i + 1 < argv.length) {
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

// Scripts bundled from their entry module, and style sheets copied as they
// are; each is referenced by its placeholder with a content hash.
const SCRIPTS = [
  { file: 'app.js', placeholder: '__APP_JS__' },
  { file: 'display.js', placeholder: '__DISPLAY_JS__' },
  { file: 'console.js', placeholder: '__CONSOLE_JS__' },
];
const STYLES = [
  { file: 'app.css', placeholder: '__APP_CSS__' },
  { file: 'display.css', placeholder: '__DISPLAY_CSS__' },
  { file: 'console.css', placeholder: '__CONSOLE_CSS__' },
];

// The browsers served: ES2015 (Chrome 51, Safari 10, Firefox 54, Edge 15),
// which the SignalR browser client needs in any case. esbuild lowers newer
// syntax (?., ??, async) to it and fails on what it cannot; library
// functions newer than ES2015 are not polyfilled, so the sources use none.
const TARGET = 'es2015';

async function bundle(entry) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    fail('esbuild is not installed; run `npm ci` in clients/web first.');
  }
  try {
    const result = await esbuild.build({
      entryPoints: [join(srcDir, entry)],
      bundle: true,
      format: 'iife',
      target: TARGET,
      charset: 'utf8',
      legalComments: 'none',
      write: false,
      logLevel: 'silent',
    });
    return Buffer.from(result.outputFiles[0].contents);
  } catch (err) {
    fail(`src/${entry} does not build: ${err.message}`);
  }
}

// Served under their own names, without a content hash (see the top).
const SERVICE_WORKER = 'sw.js';
const MANIFEST = 'manifest.webmanifest';

function readManifest() {
  const text = readFileSync(join(srcDir, MANIFEST), 'utf8');
  try {
    JSON.parse(text);
  } catch (err) {
    fail(`src/${MANIFEST} is not JSON: ${err.message}`);
  }
  return text;
}

// Pages: index.html is the leaderboard at /, display.html the office TV,
// console.html the supervisor console.
const PAGES = ['index.html', 'display.html', 'console.html'];

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const outDir = resolve(webDir, args.out || join('..', '..', 'api', 'Tracking.Api', 'wwwroot'));

  const signalr = locateSignalR();
  const replacements = {
    __SIGNALR_JS__: `lib/signalr.min.js?v=${encodeURIComponent(signalr.version)}`,
  };
  const assets = [];
  for (const script of SCRIPTS) {
    assets.push({ ...script, data: await bundle(script.file) });
  }
  for (const style of STYLES) {
    assets.push({ ...style, data: readFileSync(join(srcDir, style.file)) });
  }
  for (const asset of assets) {
    replacements[asset.placeholder] = `${asset.file}?v=${shortHash(asset.data)}`;
  }
  const fixed = [
    { file: SERVICE_WORKER, data: await bundle(SERVICE_WORKER) },
    { file: MANIFEST, data: readManifest() },
  ];
  for (const size of ICON_SIZES) {
    fixed.push({ file: iconName(size), data: drawIcon(size) });
  }

  const pages = PAGES.map((page) => {
    let html = readFileSync(join(srcDir, page), 'utf8');
    for (const [placeholder, value] of Object.entries(replacements)) {
      html = html.split(placeholder).join(value);
    }
    const left = /__[A-Z_]+__/.exec(html);
    if (left) {
      fail(`src/${page} contains the unknown placeholder ${left[0]}`);
    }
    return { page, html };
  });

  if (args.check) {
    console.log(`web build: ${assets.length + fixed.length} assets and ${pages.length} pages check out (nothing written)`);
    return;
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
  for (const asset of assets.concat(fixed)) {
    emit(asset.file, asset.data);
  }
  // Last, so that no page references assets that are not there yet.
  for (const { page, html } of pages) {
    emit(page, html);
  }

  const shownOut = relative(process.cwd(), outDir) || '.';
  console.log(`web build: wrote ${written.length} files to ${shownOut} (signalr ${signalr.version})`);
}

main().catch((err) => fail(err && err.message ? err.message : String(err)));
