// The one live connection every page uses: a SignalR connection to the hub
// that reconnects forever, subscribes every watched topic again after each
// (re)connect, passes payloads through a version gate per topic, and reports
// "live" only while every watched topic is subscribed. It tells the page's
// access (lib/access.js) what the hub says about the token.
import { pageAccess } from './access.js';

export const HUB_URL = '/hubs/tracking';
export const MAX_RETRY_DELAY_MS = 10000;

/** The messages the hub pushes (docs/api.md, "Topics and messages"). */
const MESSAGES = ['leaderboard', 'team', 'campaign', 'alert', 'celebration', 'branch'];

/**
 * Delay before retry number `attempt` (0-based): 0.5 s doubling up to the
 * cap (default 10 s), plus up to 20% jitter, never above the cap and never
 * null, so retries go on for good.
 */
export function retryDelay(attempt, random, capMs) {
  const cap = capMs || MAX_RETRY_DELAY_MS;
  const n = Math.max(0, Number(attempt) || 0);
  const base = Math.min(cap, 500 * Math.pow(2, Math.min(n, 16)));
  const r = typeof random === 'function' ? random() : Math.random();
  return Math.round(Math.min(cap, base * (1 + 0.2 * r)));
}

/**
 * Keeps the highest version seen per topic; `accept(payload)` is true for a
 * payload newer than everything seen for its topic. `reset(topic)` forgets a
 * topic (before subscribing on a new connection, whose snapshot is the truth
 * even if a restarted server counts from lower versions).
 */
export function createVersionGate() {
  const latest = new Map();
  return {
    accept(payload) {
      if (!payload || typeof payload !== 'object' || typeof payload.version !== 'number' || !isFinite(payload.version)) {
        return false;
      }
      const topic = typeof payload.topic === 'string' ? payload.topic : '';
      const seen = latest.get(topic);
      if (seen !== undefined && payload.version <= seen) {
        return false;
      }
      latest.set(topic, payload.version);
      return true;
    },
    reset(topic) {
      latest.delete(topic);
    },
    version(topic) {
      return latest.get(topic);
    }
  };
}

/** The topic a pushed payload belongs to (payloads name it; some only carry their owner's id). */
export function topicOf(message, payload) {
  if (payload && typeof payload.topic === 'string' && payload.topic) {
    return payload.topic;
  }
  if (!payload) {
    return '';
  }
  if (message === 'campaign' && payload.campaignId) {
    return `campaign:${payload.campaignId}`;
  }
  if (message === 'alert' && payload.teamId) {
    return `alerts:${payload.teamId}`;
  }
  if (message === 'celebration' && payload.branchId) {
    return `branch:${payload.branchId}`;
  }
  if (message === 'team' && payload.teamId) {
    return `team:${payload.teamId}`;
  }
  return '';
}

/**
 * What the indicator says, from the connection and the watched topics:
 * live only when connected and no required topic is refused, and, since
 * this connection began, every required topic has been subscribed once
 * (`settled`). A topic watched later on a live connection does not hold
 * "live" back while its first answer is on its way; a refusal does.
 */
export function connectionState(connected, everLive, settled, watches) {
  if (connected) {
    const required = watches.filter((w) => !w.optional);
    const refused = required.some((w) => w.status === 'refused');
    const pending = required.some((w) => w.status === 'pending');
    if (!refused && (settled || !pending)) {
      return 'live';
    }
  }
  return everLive ? 'reconnecting' : 'connecting';
}

/**
 * One SignalR connection to the hub for a page.
 *
 *   const live = createLive(signalR, {onStatus: (state, offlineSince) => …});
 *   live.watch(topic, {snapshot: p => …, push: (message, p) => …, subscribed: () => …, error: err => …, retryMaxMs, optional});
 *   live.unwatch(topic);
 *   live.start();
 *
 * It reconnects forever (automatic reconnect whose policy never returns
 * null, and a fresh start after `onclose`: a server shutting down ends the
 * connection without a reconnect), and after every (re)connect it
 * subscribes each watched topic again and hands over the fresh snapshot. A
 * subscription that fails (e.g. the topic's owner is not known yet, as after
 * an in-memory server restarts) is retried with back-off on the same
 * connection. An `optional` topic (a campaign that may not exist) never
 * holds back "live".
 *
 * With an access token (`options.access`, by default the page's) the hub is
 * reached with it, and a refused token (401 on negotiate), a topic out of
 * scope (`forbidden`) or a close after the token's expiry is reported to
 * that access; the loop goes on retrying all the same (a new token in the
 * address means a reload, but the server may be fixed meanwhile).
 */
export function createLive(signalR, options) {
  const opts = options || {};
  const log = opts.log || (typeof console !== 'undefined' ? console : { warn() {} });
  const access = opts.access || pageAccess();
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(opts.url || HUB_URL, access.hubOptions())
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: (ctx) => {
        // Why the last attempt failed (a 401 on negotiate once the token is refused or expired).
        if (ctx && ctx.retryReason) {
          access.noteError(ctx.retryReason);
        }
        return retryDelay(ctx && ctx.previousRetryCount);
      }
    })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const gate = createVersionGate();
  const watched = new Map();   // topic (and the server's spelling of it) -> watch
  let state = 'idle';
  let offlineSince = null;
  let everLive = false;
  let settled = false;         // every required topic subscribed since this connection began
  let startAttempt = 0;
  let starting = false;

  const connected = () => connection.state === signalR.HubConnectionState.Connected;
  const watches = () => Array.from(new Set(watched.values()));

  function report(next) {
    if (next === 'live') {
      offlineSince = null;
      everLive = true;
    } else if (offlineSince === null && everLive) {
      offlineSince = new Date();
    }
    if (next === state) {
      return;
    }
    state = next;
    if (opts.onStatus) {
      opts.onStatus(next, offlineSince);
    }
  }

  function evaluate() {
    const current = watches();
    if (connected() && current.every((w) => w.optional || w.status === 'subscribed')) {
      settled = true;
    }
    report(connectionState(connected(), everLive, settled, current));
    if (state === 'live') {
      access.noteLive();
    }
  }

  function subscribe(w) {
    if (watched.get(w.topic) !== w || !connected()) {
      return;
    }
    if (w.timer !== null) {
      clearTimeout(w.timer);
      w.timer = null;
    }
    const connectionId = connection.connectionId;
    if (w.connectionId !== connectionId) {
      // A new connection: nothing is subscribed on it yet, and its snapshot is the truth.
      gate.reset(w.topic);
      w.connectionId = connectionId;
      w.status = 'pending';
    }
    connection.invoke('Subscribe', w.topic).then((snapshot) => {
      if (watched.get(w.topic) !== w || connection.connectionId !== connectionId) {
        return;
      }
      w.attempt = 0;
      w.status = 'subscribed';
      // Said before the version gate: a push sent after the subscription can overtake the snapshot on the
      // wire (pushes have their own send loop on the server), and then the snapshot is rightly dropped.
      if (w.subscribed) {
        w.subscribed();
      }
      if (snapshot && typeof snapshot === 'object') {
        if (typeof snapshot.topic !== 'string' || !snapshot.topic) {
          snapshot.topic = w.topic;
        }
        if (snapshot.topic !== w.topic) {
          watched.set(snapshot.topic, w); // the server's spelling of the same topic
        }
        if (gate.accept(snapshot) && w.snapshot) {
          w.snapshot(snapshot);
        }
      }
      evaluate();
    }, (err) => {
      if (watched.get(w.topic) !== w || !connected() || connection.connectionId !== connectionId) {
        return; // unwatched, or a reconnect subscribes anew
      }
      w.status = 'refused';
      if (!w.optional) {
        access.noteError(err); // out of the token's scope: forbidden
      }
      evaluate();
      if (w.error) {
        w.error(err);
      }
      w.timer = setTimeout(() => {
        w.timer = null;
        subscribe(w);
      }, retryDelay(w.attempt++, null, w.retryMaxMs));
    });
  }

  function connectedAnew() {
    starting = false;
    startAttempt = 0;
    settled = false;
    access.noteConnected();
    const current = watches();
    current.forEach(subscribe);
    evaluate();
  }

  for (const message of MESSAGES) {
    connection.on(message, (payload) => {
      const topic = topicOf(message, payload);
      const w = watched.get(topic);
      if (!w) {
        return;
      }
      if (payload && (typeof payload.topic !== 'string' || !payload.topic)) {
        payload.topic = topic;
      }
      if (gate.accept(payload) && w.push) {
        w.push(message, payload);
      }
    });
  }

  function start() {
    if (starting || connection.state !== signalR.HubConnectionState.Disconnected) {
      return;
    }
    starting = true;
    report(everLive ? 'reconnecting' : 'connecting');
    connection.start().then(connectedAnew, (err) => {
      starting = false;
      access.noteError(err);
      log.warn('Tracking: connection failed, retrying', err);
      setTimeout(start, retryDelay(startAttempt++));
    });
  }

  connection.onreconnecting(() => {
    access.noteClosed();
    report('reconnecting');
  });
  connection.onreconnected(connectedAnew);
  connection.onclose(() => {
    access.noteClosed();
    // The automatic reconnect never gives up, but a server that closes the
    // connection on purpose (shutting down) ends it without a reconnect:
    // start over, for good.
    report('reconnecting');
    setTimeout(start, retryDelay(startAttempt++));
  });

  return {
    watch(topic, handlers) {
      const w = {
        topic,
        snapshot: handlers.snapshot,
        push: handlers.push,
        error: handlers.error,
        subscribed: handlers.subscribed,
        retryMaxMs: handlers.retryMaxMs,
        optional: handlers.optional === true,
        attempt: 0,
        timer: null,
        connectionId: null,
        status: 'pending'
      };
      watched.set(topic, w);
      subscribe(w);
      evaluate();
    },
    unwatch(topic) {
      const w = watched.get(topic);
      if (!w) {
        return;
      }
      for (const [name, other] of Array.from(watched.entries())) {
        if (other === w) {
          watched.delete(name);
        }
      }
      if (w.timer !== null) {
        clearTimeout(w.timer);
      }
      gate.reset(topic);
      if (connected() && w.status === 'subscribed') {
        connection.invoke('Unsubscribe', topic).catch(() => { /* gone anyway */ });
      }
      evaluate();
    },
    start,
    state: () => state,
    connection
  };
}
