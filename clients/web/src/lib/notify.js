// What the console's service worker (src/sw.js) does with a Web Push message
// and with a tap on its notification. Kept free of browser globals: the
// worker's scope (`self`) is passed in, so the unit tests drive these handlers
// with a fake one.
//
// A push message is the JSON the server sends for an alert raised for one of
// the subscriber's teams: {title, body, alertId, teamId, url}, url being
// /console.html?team={teamId}#alert-{alertId}.

/** Where the console is when a message names no usable address. */
export const CONSOLE_PATH = '/console.html';

/** The message's JSON, or {} when it has none or it does not parse (the notification still shows). */
export function readPushData(data) {
  if (!data) {
    return {};
  }
  try {
    const payload = typeof data.json === 'function' ? data.json() : JSON.parse(String(data));
    return payload && typeof payload === 'object' ? payload : {};
  } catch (e) {
    return {};
  }
}

/**
 * The console address a notification opens, absolute: the message's `url`
 * when it is on this origin, else the console of the message's team, else the
 * console. Another origin is never opened, whatever a message says.
 */
export function consoleUrl(payload, origin) {
  const fallback = payload && payload.teamId
    ? `${CONSOLE_PATH}?team=${encodeURIComponent(payload.teamId)}${payload.alertId ? `#alert-${encodeURIComponent(payload.alertId)}` : ''}`
    : CONSOLE_PATH;
  if (payload && typeof payload.url === 'string' && payload.url) {
    try {
      const url = new URL(payload.url, origin);
      if (url.origin === origin) {
        return url.href;
      }
    } catch (e) {
      // not an address: the fallback
    }
  }
  return new URL(fallback, origin).href;
}

/**
 * showNotification's arguments for a message: the title, and options whose
 * `tag` is the alert (a repeated alert replaces its notification rather than
 * stacking) and whose `data.url` the tap opens.
 */
export function notificationOf(payload, origin, icon) {
  const p = payload || {};
  const options = {
    body: typeof p.body === 'string' ? p.body : '',
    data: { url: consoleUrl(p, origin), alertId: p.alertId || null, teamId: p.teamId || null }
  };
  if (p.alertId) {
    options.tag = String(p.alertId);
  }
  if (icon) {
    options.icon = icon;
  }
  return { title: typeof p.title === 'string' && p.title ? p.title : '团队进度', options };
}

/** The address of a window client without its fragment. */
const withoutHash = (url) => String(url).split('#')[0];

/**
 * Shows the console at `url`: focuses a window already there (the very
 * address first, else one of the same console page and team, which is moved
 * to the alert), or opens a new one.
 */
export function focusOrOpen(clients, url) {
  return clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    const exact = windows.filter((w) => w.url === url)[0];
    if (exact) {
      return exact.focus();
    }
    const same = windows.filter((w) => withoutHash(w.url) === withoutHash(url))[0];
    if (same && typeof same.navigate === 'function') {
      return same.navigate(url).then((moved) => (moved || same).focus(), () => clients.openWindow(url));
    }
    return clients.openWindow(url);
  });
}

/** The worker's push handler: every message shows a notification (browsers demand it of userVisibleOnly subscriptions). */
export function onPush(scope, event, icon) {
  const shown = notificationOf(readPushData(event.data), scope.location.origin, icon);
  const done = scope.registration.showNotification(shown.title, shown.options);
  event.waitUntil(done);
  return done;
}

/** The worker's notificationclick handler: close it and show the console at the alert. */
export function onNotificationClick(scope, event) {
  const notification = event.notification;
  notification.close();
  const data = notification.data || {};
  const url = consoleUrl(data, scope.location.origin);
  const done = focusOrOpen(scope.clients, url);
  event.waitUntil(done);
  return done;
}

/**
 * Wires the handlers into a service worker scope. A new worker takes over at
 * once (it holds no cache that an old page could depend on). No fetch
 * handler: the pages and the API always come from the network.
 */
export function attachServiceWorker(scope, icon) {
  scope.addEventListener('install', () => scope.skipWaiting());
  scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));
  scope.addEventListener('push', (event) => onPush(scope, event, icon));
  scope.addEventListener('notificationclick', (event) => onNotificationClick(scope, event));
}
