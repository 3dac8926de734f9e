// Access to the server for a page: the access token its address carries
// (`?access_token=`), sent as `Authorization: Bearer` on every API request
// and handed to the SignalR client for the hub (whose WebSocket carries it
// as `access_token`, browsers set no headers there), and what the server's
// answers say about it: expired or refused (401), out of scope (403).
//
// The token is never logged and never put in any other URL. Its `exp` is
// read only to word the message; whether access is granted is always the
// server's answer.
import { trimmed } from './params.js';
import { formatTime } from './format.js';

export const TOKEN_PARAMETER = 'access_token';

/** The access token of a query string (e.g. location.search), or '' without one. */
export function tokenFromQuery(search) {
  return trimmed(new URLSearchParams(search || '').get(TOKEN_PARAMETER));
}

/** A copy of `headers` with `Authorization: Bearer <token>` when there is a token. */
export function withBearer(token, headers) {
  const result = {};
  if (headers) {
    for (const name of Object.keys(headers)) {
      result[name] = headers[name];
    }
  }
  if (token) {
    result.Authorization = `Bearer ${token}`;
  }
  return result;
}

/** Options of the SignalR client's withUrl: the token through accessTokenFactory, when there is one. */
export function hubOptions(token) {
  return token ? { accessTokenFactory: () => token } : {};
}

function decodeBase64Url(text) {
  let base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  while (base64.length % 4) {
    base64 += '=';
  }
  return atob(base64);
}

/** When the token says it expires (ms since the epoch), from its payload's `exp`; null when unknown. */
export function tokenExpiresAt(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length < 2 || !parts[1]) {
    return null;
  }
  try {
    const payload = JSON.parse(decodeBase64Url(parts[1]));
    return payload && typeof payload.exp === 'number' && isFinite(payload.exp) ? payload.exp * 1000 : null;
  } catch (e) {
    return null;
  }
}

/**
 * The HTTP status behind an error: a fetch helper's `status`, the SignalR
 * client's HttpError `statusCode`, or the "Status code '401'" its negotiate
 * failure keeps only in the message. null when there is none.
 */
export function statusOf(error) {
  if (!error) {
    return null;
  }
  if (typeof error.status === 'number') {
    return error.status;
  }
  if (typeof error.statusCode === 'number') {
    return error.statusCode;
  }
  const match = /Status code '(\d{3})'/.exec(String(error.message || error));
  return match ? Number(match[1]) : null;
}

/** A hub refusal of a topic out of the token's scope (a HubException whose message says `forbidden`). */
export function isForbidden(error) {
  return /forbidden/i.test(String((error && error.message) || error || ''));
}

/**
 * What an answer means for the screen: 'missing' (401 to a page without a
 * token), 'expired' (401 once the token's exp has passed), 'refused' (any
 * other 401: a bad signature, another issuer, a rotated key), 'forbidden'
 * (403), or null.
 */
export function problemOf(status, hasToken, expiresAt, now) {
  if (status === 401) {
    if (!hasToken) {
      return 'missing';
    }
    return expiresAt !== null && now >= expiresAt ? 'expired' : 'refused';
  }
  if (status === 403) {
    return 'forbidden';
  }
  return null;
}

/** The sentence a screen shows for a problem, with the expiry time when the token names it. */
export function accessText(problem, t, expiresAt, locale) {
  if (!problem) {
    return '';
  }
  if (problem === 'expired' && expiresAt !== null) {
    return t('access.expiredAt', { time: formatTime(new Date(expiresAt).toISOString(), locale, '', true) });
  }
  return t(`access.${problem}`);
}

/**
 * The access of one page: `headers(extra)`, `fetch(path, init)` (adds the
 * header, notes the answer), `hubOptions()`, and the current `problem()`
 * with `onChange(listener)`. The connection loop reports what the hub says
 * through `noteError`, `noteClosed`, `noteConnected` and `noteLive`.
 *
 * A 401 problem (missing, expired, refused) outranks a 403 one; it ends with any
 * success of the token (a 2xx answer, a hub connection), and every problem
 * ends when the screen is live.
 */
export function createAccess(token, clock) {
  const now = clock || Date.now;
  const expiresAt = tokenExpiresAt(token);
  const listeners = [];
  let problem = null;

  const unauthenticated = () => problem !== null && problem !== 'forbidden';

  function set(next) {
    if (next === problem) {
      return;
    }
    problem = next;
    listeners.forEach((listener) => listener(problem));
  }

  const access = {
    hasToken: Boolean(token),
    expiresAt,
    headers: (extra) => withBearer(token, extra),
    hubOptions: () => hubOptions(token),
    problem: () => problem,
    onChange(listener) {
      listeners.push(listener);
    },
    noteStatus(status) {
      const next = problemOf(status, Boolean(token), expiresAt, now());
      if (next === 'forbidden') {
        if (!unauthenticated()) {
          set(next);
        }
      } else if (next) {
        set(next);
      } else if (status >= 200 && status < 300 && unauthenticated()) {
        set(null);
      }
    },
    noteError(error) {
      const status = statusOf(error);
      if (status === 401 || status === 403) {
        access.noteStatus(status);
      } else if (isForbidden(error) && !unauthenticated()) {
        set('forbidden');
      }
    },
    /** The hub connection closed: once the token's time is up, that is why (the server closes it then). */
    noteClosed() {
      if (expiresAt !== null && now() >= expiresAt) {
        set('expired');
      }
    },
    noteConnected() {
      if (unauthenticated()) {
        set(null);
      }
    },
    noteLive() {
      set(null);
    },
    fetch(path, init) {
      const options = Object.assign({}, init);
      options.headers = withBearer(token, options.headers);
      return fetch(path, options).then((response) => {
        access.noteStatus(response.status);
        return response;
      });
    }
  };
  return access;
}

let current = null;

/** The access of this page, from its address (made once; without a page, no token). */
export function pageAccess() {
  if (!current) {
    current = createAccess(typeof location !== 'undefined' ? tokenFromQuery(location.search) : '');
  }
  return current;
}
