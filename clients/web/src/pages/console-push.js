// The console's service worker and its "enable notifications" control: the
// header button that subscribes this browser to the team's alerts through
// the API (lib/push.js) and shows whether notifications are on, blocked or
// failed. Hidden where the browser cannot receive Web Push.
import { pushSupported, initialState, enableNotifications, disableNotifications } from '../lib/push.js';
import { apiFetch } from '../lib/dom.js';

/** The service worker's address: the site's root, so that its scope covers every page. */
export const SERVICE_WORKER_URL = '/sw.js';

/** The button's words and whether a click does anything, per state. */
export function controlOf(state) {
  switch (state) {
    case 'on': return { key: 'push.on', enabled: true };
    case 'blocked': return { key: 'push.blocked', enabled: false };
    case 'failed': return { key: 'push.failed', enabled: true };
    case 'working': return { key: 'push.working', enabled: false };
    default: return { key: 'push.enable', enabled: true };
  }
}

/**
 * Registers the service worker (where the browser has them) and sets up the
 * control. Returns the registration promise, or null without service workers.
 */
export function setUpPush(button, t, win) {
  if (!win.navigator || !('serviceWorker' in win.navigator)) {
    button.hidden = true;
    return null;
  }
  const registered = win.navigator.serviceWorker.register(SERVICE_WORKER_URL);
  registered.catch(() => { /* shown through the control when it is used */ });
  if (!pushSupported(win)) {
    button.hidden = true;
    return registered;
  }
  // `ready` alone would wait forever after a failed registration.
  const env = { win, registration: registered.then(() => win.navigator.serviceWorker.ready), api: apiFetch };

  function show(state, detail) {
    const control = controlOf(state);
    button.hidden = false;
    button.setAttribute('data-state', state);
    button.setAttribute('aria-pressed', state === 'on' ? 'true' : 'false');
    button.disabled = !control.enabled;
    button.textContent = t(control.key);
    button.title = detail ? `${t(control.key)} (${detail})` : t(control.key);
  }

  show('off');
  registered.then((reg) => reg.pushManager.getSubscription())
    .then((subscription) => show(initialState(win.Notification.permission, Boolean(subscription))),
      () => show(initialState(win.Notification.permission, false)));

  button.addEventListener('click', () => {
    const turnOff = button.getAttribute('data-state') === 'on';
    show('working');
    (turnOff ? disableNotifications(env) : enableNotifications(env)).then((state) => show(state), (err) => {
      show('failed', err && err.message ? err.message : String(err));
    });
  });
  return registered;
}
