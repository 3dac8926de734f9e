// Web Push on the console: whether the browser can, and subscribing through
// the API (GET /api/v1/push/vapid-public-key, POST /api/v1/push-subscriptions).
// The browser pieces (navigator.serviceWorker, Notification, the page's API
// fetch) are passed in, so the unit tests run the whole flow with fakes.

export const VAPID_KEY_PATH = '/api/v1/push/vapid-public-key';
export const SUBSCRIPTIONS_PATH = '/api/v1/push-subscriptions';

/** Where the subscription's server id is kept, per push endpoint, so that turning notifications off can delete it. */
const STORED_ID_PREFIX = 'tracking.push.';

/** The bytes of a base64url text (with or without padding), as the VAPID public key arrives. */
export function base64UrlToBytes(text) {
  const clean = String(text || '').trim().replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (/[^A-Za-z0-9+/]/.test(clean) || clean.length % 4 === 1) {
    throw new Error('not base64url');
  }
  const padded = clean + '==='.slice(0, (4 - (clean.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** The body of POST /api/v1/push-subscriptions for a PushSubscription: {endpoint, keys: {p256dh, auth}}. */
export function subscriptionBody(subscription) {
  const json = subscription && typeof subscription.toJSON === 'function' ? subscription.toJSON() : subscription;
  const keys = (json && json.keys) || {};
  if (!json || typeof json.endpoint !== 'string' || !keys.p256dh || !keys.auth) {
    throw new Error('incomplete push subscription');
  }
  return { endpoint: json.endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

/** Whether this browser can receive Web Push at all (a secure page with service workers, PushManager and notifications). */
export function pushSupported(win) {
  return Boolean(win && win.navigator && 'serviceWorker' in win.navigator && 'PushManager' in win
    && 'Notification' in win && win.isSecureContext !== false);
}

/** The control's state from what the browser already knows: 'blocked', 'on' (subscribed and allowed) or 'off'. */
export function initialState(permission, hasSubscription) {
  if (permission === 'denied') {
    return 'blocked';
  }
  return permission === 'granted' && hasSubscription ? 'on' : 'off';
}

function storage(win) {
  try {
    return win && win.localStorage ? win.localStorage : null;
  } catch (e) {
    return null; // storage disabled
  }
}

/** Notes the server's id of the subscription to an endpoint (best effort). */
export function rememberId(win, endpoint, id) {
  const store = storage(win);
  if (store && id) {
    try {
      store.setItem(STORED_ID_PREFIX + endpoint, String(id));
    } catch (e) {
      // full or disabled: turning off then only unsubscribes in the browser
    }
  }
}

export function rememberedId(win, endpoint) {
  const store = storage(win);
  return store ? store.getItem(STORED_ID_PREFIX + endpoint) : null;
}

function forgetId(win, endpoint) {
  const store = storage(win);
  if (store) {
    store.removeItem(STORED_ID_PREFIX + endpoint);
  }
}

/** Whether a subscription's key (an ArrayBuffer, or null) is the given one. */
export function sameKey(buffer, bytes) {
  if (!buffer || typeof buffer.byteLength !== 'number' || buffer.byteLength !== bytes.length) {
    return false;
  }
  const other = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i++) {
    if (other[i] !== bytes[i]) {
      return false;
    }
  }
  return true;
}

function failure(step, detail) {
  const error = new Error(`${step}: ${detail}`);
  error.step = step;
  return error;
}

/**
 * Turns notifications on: asks for permission, reads the server's VAPID key,
 * subscribes with the service worker's push manager and registers the
 * subscription with the server. Resolves to 'on' or 'blocked' (permission
 * refused or dismissed); rejects with an Error naming the failed `step`.
 *
 * env: {win, registration (a promise of the ServiceWorkerRegistration),
 * api(path, init) (the page's fetch with its access token)}.
 */
export function enableNotifications(env) {
  const { win, registration, api } = env;
  const ask = win.Notification.permission === 'granted'
    ? Promise.resolve('granted')
    : Promise.resolve(win.Notification.requestPermission());
  return ask.then((permission) => {
    if (permission !== 'granted') {
      return 'blocked';
    }
    return api(VAPID_KEY_PATH, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then((r) => {
      if (!r.ok) {
        throw failure('key', `HTTP ${r.status}`);
      }
      return r.json();
    }).then((answer) => {
      const applicationServerKey = base64UrlToBytes(answer && answer.publicKey);
      return registration.then((reg) => reg.pushManager.getSubscription().then((old) => {
        if (old && sameKey(old.options && old.options.applicationServerKey, applicationServerKey)) {
          return old;
        }
        // A subscription made with another server key cannot be reused: replace it.
        const replace = old ? old.unsubscribe().catch(() => false) : Promise.resolve(true);
        return replace.then(() => reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }));
      }));
    }).then((subscription) => {
      const body = subscriptionBody(subscription);
      return api(SUBSCRIPTIONS_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body)
      }).then((r) => {
        if (!r.ok) {
          throw failure('register', `HTTP ${r.status}`);
        }
        return r.json().then((answer) => {
          rememberId(win, body.endpoint, answer && answer.id);
          return 'on';
        }, () => 'on');
      });
    });
  });
}

/**
 * Turns notifications off: deletes the server's subscription (when its id is
 * known) and unsubscribes in the browser. Resolves to 'off'.
 */
export function disableNotifications(env) {
  const { win, registration, api } = env;
  return registration.then((reg) => reg.pushManager.getSubscription()).then((subscription) => {
    if (!subscription) {
      return 'off';
    }
    const id = rememberedId(win, subscription.endpoint);
    const removed = id
      ? api(`${SUBSCRIPTIONS_PATH}/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => null)
      : Promise.resolve(null);
    return removed.then(() => subscription.unsubscribe()).then(() => {
      forgetId(win, subscription.endpoint);
      return 'off';
    });
  });
}
