// Unit tests of the console as an installable app: the Web Push helpers
// (lib/push.js), the service worker's handlers (lib/notify.js) driven through
// a fake worker scope, the header control's states, the manifest and the icons.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import * as P from '../src/lib/push.js';
import * as N from '../src/lib/notify.js';
import { controlOf } from '../src/pages/console-push.js';
import { alertIdOfHash, resumableQuery } from '../src/pages/console.js';
import { drawIcon, ICON_SIZES, iconName } from '../scripts/icons.mjs';

const ORIGIN = 'https://tracking.example';

test('a VAPID key in base64url becomes its bytes, padded or not', () => {
  assert.deepEqual(Array.from(P.base64UrlToBytes('AQID_-8')), [1, 2, 3, 255, 239]);
  assert.deepEqual(Array.from(P.base64UrlToBytes('AQID_-8=')), [1, 2, 3, 255, 239]);
  const key = Buffer.alloc(65, 7);
  key[0] = 4;
  const bytes = P.base64UrlToBytes(key.toString('base64url'));
  assert.equal(bytes.length, 65);
  assert.equal(bytes[0], 4);
  assert.ok(bytes instanceof Uint8Array);
  assert.throws(() => P.base64UrlToBytes('not a key!'));
  assert.throws(() => P.base64UrlToBytes('A'));
});

test('the subscription body is the contract\'s {endpoint, keys: {p256dh, auth}}', () => {
  const subscription = {
    endpoint: 'https://push.example/send/abc',
    toJSON: () => ({ endpoint: 'https://push.example/send/abc', expirationTime: null, keys: { p256dh: 'BPk', auth: 'au' } })
  };
  assert.deepEqual(P.subscriptionBody(subscription), { endpoint: 'https://push.example/send/abc', keys: { p256dh: 'BPk', auth: 'au' } });
  assert.throws(() => P.subscriptionBody({ endpoint: 'https://push.example/x', keys: { p256dh: 'BPk' } }));
  assert.throws(() => P.subscriptionBody(null));
});

test('push support needs service workers, PushManager and notifications', () => {
  const full = { navigator: { serviceWorker: {} }, PushManager: function () {}, Notification: {}, isSecureContext: true };
  assert.equal(P.pushSupported(full), true);
  assert.equal(P.pushSupported({ ...full, navigator: {} }), false);
  assert.equal(P.pushSupported({ navigator: { serviceWorker: {} }, Notification: {} }), false);
  assert.equal(P.pushSupported({ ...full, isSecureContext: false }), false);
  assert.equal(P.initialState('denied', true), 'blocked');
  assert.equal(P.initialState('granted', true), 'on');
  assert.equal(P.initialState('granted', false), 'off');
  assert.equal(P.initialState('default', false), 'off');
});

function fakeBrowser(permissionAnswer, existing) {
  const calls = [];
  const store = new Map();
  let current = existing || null;
  const pushManager = {
    getSubscription: () => Promise.resolve(current),
    subscribe: (options) => {
      calls.push(['subscribe', options]);
      current = {
        endpoint: 'https://push.example/send/new',
        toJSON: () => ({ endpoint: 'https://push.example/send/new', keys: { p256dh: 'PUB', auth: 'AUTH' } }),
        unsubscribe: () => { calls.push(['unsubscribe']); current = null; return Promise.resolve(true); }
      };
      return Promise.resolve(current);
    }
  };
  const win = {
    Notification: { permission: 'default', requestPermission: () => { calls.push(['permission']); return Promise.resolve(permissionAnswer); } },
    localStorage: { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) }
  };
  const answers = {
    [`GET ${P.VAPID_KEY_PATH}`]: { status: 200, body: { publicKey: 'BAEC' } },
    [`POST ${P.SUBSCRIPTIONS_PATH}`]: { status: 201, body: { id: 'sub-1' } },
    [`DELETE ${P.SUBSCRIPTIONS_PATH}/sub-1`]: { status: 204, body: null }
  };
  const api = (path, init) => {
    const method = (init && init.method) || 'GET';
    calls.push([method, path, init && init.body ? JSON.parse(init.body) : undefined]);
    const answer = answers[`${method} ${path}`] || { status: 404, body: {} };
    return Promise.resolve({ ok: answer.status < 300, status: answer.status, json: () => Promise.resolve(answer.body) });
  };
  return { env: { win, registration: Promise.resolve({ pushManager }), api }, calls, answers };
}

test('enabling asks, reads the key, subscribes and posts the subscription', async () => {
  const { env, calls } = fakeBrowser('granted');
  assert.equal(await P.enableNotifications(env), 'on');
  assert.deepEqual(calls.map((c) => c[0]), ['permission', 'GET', 'subscribe', 'POST']);
  const options = calls[2][1];
  assert.equal(options.userVisibleOnly, true);
  assert.deepEqual(Array.from(options.applicationServerKey), [4, 1, 2]);
  assert.deepEqual(calls[3], ['POST', P.SUBSCRIPTIONS_PATH, { endpoint: 'https://push.example/send/new', keys: { p256dh: 'PUB', auth: 'AUTH' } }]);
  assert.equal(P.rememberedId(env.win, 'https://push.example/send/new'), 'sub-1');

  // Turning off deletes the server's subscription and unsubscribes.
  assert.equal(await P.disableNotifications(env), 'off');
  assert.deepEqual(calls.slice(4).map((c) => `${c[0]} ${c[1] || ''}`.trim()), [`DELETE ${P.SUBSCRIPTIONS_PATH}/sub-1`, 'unsubscribe']);
  assert.equal(P.rememberedId(env.win, 'https://push.example/send/new'), null);
});

test('a subscription with the same server key is reused, one with another key replaced', async () => {
  const key = new Uint8Array([4, 1, 2]);
  assert.equal(P.sameKey(key.buffer, key), true);
  assert.equal(P.sameKey(new Uint8Array([4, 1, 3]).buffer, key), false);
  assert.equal(P.sameKey(null, key), false);

  const unsubscribed = [];
  const existing = (bytes) => ({
    endpoint: 'https://push.example/send/old',
    options: { applicationServerKey: new Uint8Array(bytes).buffer },
    toJSON: () => ({ endpoint: 'https://push.example/send/old', keys: { p256dh: 'OLD', auth: 'OLDA' } }),
    unsubscribe: () => { unsubscribed.push(true); return Promise.resolve(true); }
  });
  const same = fakeBrowser('granted', existing([4, 1, 2]));
  assert.equal(await P.enableNotifications(same.env), 'on');
  assert.deepEqual(same.calls.map((c) => c[0]), ['permission', 'GET', 'POST']);
  assert.equal(same.calls[2][2].endpoint, 'https://push.example/send/old');

  const other = fakeBrowser('granted', existing([4, 9, 9]));
  assert.equal(await P.enableNotifications(other.env), 'on');
  assert.deepEqual(other.calls.map((c) => c[0]), ['permission', 'GET', 'subscribe', 'POST']);
  assert.equal(unsubscribed.length, 1);
});

test('a refused permission is blocked; a failing server is an error naming its step', async () => {
  const refused = fakeBrowser('denied');
  assert.equal(await P.enableNotifications(refused.env), 'blocked');
  assert.deepEqual(refused.calls.map((c) => c[0]), ['permission']);

  const noKey = fakeBrowser('granted');
  delete noKey.answers[`GET ${P.VAPID_KEY_PATH}`];
  await assert.rejects(P.enableNotifications(noKey.env), (err) => err.step === 'key');

  const noRegister = fakeBrowser('granted');
  noRegister.answers[`POST ${P.SUBSCRIPTIONS_PATH}`] = { status: 500, body: {} };
  await assert.rejects(P.enableNotifications(noRegister.env), (err) => err.step === 'register');
});

test('the control\'s words per state', () => {
  assert.deepEqual(controlOf('off'), { key: 'push.enable', enabled: true });
  assert.deepEqual(controlOf('on'), { key: 'push.on', enabled: true });
  assert.deepEqual(controlOf('blocked'), { key: 'push.blocked', enabled: false });
  assert.deepEqual(controlOf('failed'), { key: 'push.failed', enabled: true });
  assert.equal(alertIdOfHash('#alert-A%201'), 'A 1');
  assert.equal(alertIdOfHash('#top'), '');
  assert.equal(alertIdOfHash(''), '');
});

const PAYLOAD = { title: '李娜 未活动', body: '已 2 个工作小时无电话或拜访', alertId: 'al-7', teamId: 'SZ01-T1', url: '/console.html?team=SZ01-T1#alert-al-7' };

test('a push message becomes a notification tagged with its alert that opens the console there', () => {
  const shown = N.notificationOf(PAYLOAD, ORIGIN, '/icons/icon-192.png');
  assert.equal(shown.title, '李娜 未活动');
  assert.equal(shown.options.body, '已 2 个工作小时无电话或拜访');
  assert.equal(shown.options.tag, 'al-7');
  assert.equal(shown.options.icon, '/icons/icon-192.png');
  assert.equal(shown.options.data.url, `${ORIGIN}/console.html?team=SZ01-T1#alert-al-7`);
  // Another origin is never opened; without a url the team's console is.
  assert.equal(N.consoleUrl({ ...PAYLOAD, url: 'https://evil.example/x' }, ORIGIN), `${ORIGIN}/console.html?team=SZ01-T1#alert-al-7`);
  assert.equal(N.consoleUrl({}, ORIGIN), `${ORIGIN}/console.html`);
  assert.deepEqual(N.readPushData({ json: () => { throw new Error('not json'); } }), {});
  assert.equal(N.notificationOf({}, ORIGIN).title, '团队进度');
});

function fakeWorker(windows) {
  const listeners = {};
  const log = [];
  const scope = {
    location: { origin: ORIGIN },
    addEventListener: (type, fn) => { listeners[type] = fn; },
    skipWaiting: () => log.push(['skipWaiting']),
    registration: { showNotification: (title, options) => { log.push(['show', title, options]); return Promise.resolve(); } },
    clients: {
      claim: () => Promise.resolve(),
      matchAll: (query) => { log.push(['matchAll', query]); return Promise.resolve(windows); },
      openWindow: (url) => { log.push(['open', url]); return Promise.resolve(null); }
    }
  };
  const dispatch = (type, props) => {
    const waits = [];
    listeners[type]({ ...props, waitUntil: (p) => waits.push(p) });
    return Promise.all(waits);
  };
  return { scope, log, listeners, dispatch };
}

test('the service worker shows a push and opens the console at the alert when the notification is tapped', async () => {
  const worker = fakeWorker([]);
  N.attachServiceWorker(worker.scope, '/icons/icon-192.png');
  assert.deepEqual(Object.keys(worker.listeners).sort(), ['activate', 'install', 'notificationclick', 'push']);

  await worker.dispatch('push', { data: { json: () => PAYLOAD } });
  const shown = worker.log.find((e) => e[0] === 'show');
  assert.equal(shown[1], PAYLOAD.title);
  assert.equal(shown[2].tag, 'al-7');

  let closed = false;
  await worker.dispatch('notificationclick', { notification: { data: shown[2].data, close: () => { closed = true; } } });
  assert.ok(closed);
  assert.deepEqual(worker.log.find((e) => e[0] === 'open'), ['open', `${ORIGIN}/console.html?team=SZ01-T1#alert-al-7`]);
});

test('a tap focuses a console window already at the alert, or moves one of the same team there', async () => {
  const url = `${ORIGIN}/console.html?team=SZ01-T1#alert-al-7`;
  const focused = [];
  const there = { url, focus: () => { focused.push('there'); return Promise.resolve(); } };
  const worker = fakeWorker([{ url: `${ORIGIN}/display.html?branch=SZ01`, focus: () => focused.push('display') }, there]);
  await N.focusOrOpen(worker.scope.clients, url);
  assert.deepEqual(focused, ['there']);

  const moved = [];
  const sameTeam = {
    url: `${ORIGIN}/console.html?team=SZ01-T1`,
    navigate: (to) => { moved.push(to); return Promise.resolve({ focus: () => { moved.push('focus'); return Promise.resolve(); } }); }
  };
  const other = fakeWorker([sameTeam]);
  await N.focusOrOpen(other.scope.clients, url);
  assert.deepEqual(moved, [url, 'focus']);
  assert.equal(other.log.filter((e) => e[0] === 'open').length, 0);
});

function pngSize(png) {
  assert.deepEqual(Array.from(png.subarray(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

test('the manifest names the console, its colours and icons that are drawn at their sizes', () => {
  const manifest = JSON.parse(readFileSync(new URL('../src/manifest.webmanifest', import.meta.url), 'utf8'));
  assert.match(manifest.name, /团队进度/);
  assert.ok(manifest.short_name);
  assert.equal(manifest.start_url, '/console.html');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.background_color, '#0b1020');
  assert.deepEqual(manifest.icons.map((i) => i.sizes), ['192x192', '512x512']);
  for (const size of ICON_SIZES) {
    assert.ok(manifest.icons.some((i) => i.src === `/${iconName(size)}` && i.type === 'image/png'));
    const png = drawIcon(size);
    assert.deepEqual(pngSize(png), [size, size]);
    const idat = png.indexOf('IDAT');
    const length = png.readUInt32BE(idat - 4);
    assert.equal(inflateSync(png.subarray(idat + 4, idat + 4 + length)).length, size * (size * 4 + 1));
  }
});

test('the installed app resumes the last console only when it named a valid team', () => {
  assert.equal(resumableQuery('?team=SZ01-T1&access_token=abc'), '?team=SZ01-T1&access_token=abc');
  assert.equal(resumableQuery('?lang=en'), '');
  assert.equal(resumableQuery('?team=bad team!'), '');
  assert.equal(resumableQuery(null), '');
  assert.equal(resumableQuery('team=SZ01-T1'), '');
});
