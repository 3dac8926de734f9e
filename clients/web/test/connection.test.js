// Unit tests of the live connection: retries, the version gate, and what the
// status indicator says while topics are (not yet) subscribed.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as C from '../src/lib/connection.js';
import { createAccess } from '../src/lib/access.js';

test('retryDelay backs off, is capped and never null', () => {
  const noJitter = () => 0;
  const fullJitter = () => 0.999999;
  assert.equal(C.retryDelay(0, noJitter), 500);
  assert.equal(C.retryDelay(1, noJitter), 1000);
  assert.equal(C.retryDelay(3, noJitter), 4000);
  for (let n = 0; n < 2000; n += 7) {
    for (const r of [noJitter, fullJitter, Math.random]) {
      const d = C.retryDelay(n, r);
      assert.equal(typeof d, 'number');
      assert.ok(d > 0 && d <= C.MAX_RETRY_DELAY_MS, `${n}: ${d}`);
    }
  }
  assert.equal(C.retryDelay(1e9, fullJitter), 10000);
  assert.equal(C.retryDelay(undefined, noJitter), 500);
  assert.equal(C.retryDelay(100, noJitter, 30000), 30000);
});

test('the version gate keeps the newest per topic and forgets a topic on reset', () => {
  const gate = C.createVersionGate();
  assert.equal(gate.accept({ topic: 'a', version: 5 }), true);
  assert.equal(gate.accept({ topic: 'a', version: 5 }), false);
  assert.equal(gate.accept({ topic: 'a', version: 4 }), false);
  assert.equal(gate.accept({ topic: 'b', version: 1 }), true);
  assert.equal(gate.version('a'), 5);
  assert.equal(gate.accept({ topic: 'a' }), false);
  assert.equal(gate.accept(null), false);
  gate.reset('a');
  assert.equal(gate.accept({ topic: 'a', version: 2 }), true); // a restarted server's snapshot
});

test('pushes name their topic, or their owner', () => {
  assert.equal(C.topicOf('campaign', { campaignId: 'C1' }), 'campaign:C1');
  assert.equal(C.topicOf('alert', { topic: 'alerts:T1', teamId: 'T9' }), 'alerts:T1');
  assert.equal(C.topicOf('team', { teamId: 'T1' }), 'team:T1');
  assert.equal(C.topicOf('celebration', { branchId: 'B1' }), 'branch:B1');
  assert.equal(C.topicOf('leaderboard', null), '');
});

test('live means connected with every required topic subscribed', () => {
  const w = (status, optional) => ({ status, optional: optional === true });
  assert.equal(C.connectionState(false, false, false, []), 'connecting');
  assert.equal(C.connectionState(false, true, true, [w('subscribed')]), 'reconnecting');
  assert.equal(C.connectionState(true, false, false, [w('pending')]), 'connecting');
  assert.equal(C.connectionState(true, true, false, [w('pending')]), 'reconnecting');
  assert.equal(C.connectionState(true, true, false, [w('refused')]), 'reconnecting');
  assert.equal(C.connectionState(true, false, false, [w('subscribed'), w('refused', true)]), 'live');
  // A topic watched later on a live connection does not hold "live" back while it is on its way...
  assert.equal(C.connectionState(true, true, true, [w('subscribed'), w('pending')]), 'live');
  // ...but a refusal does.
  assert.equal(C.connectionState(true, true, true, [w('subscribed'), w('refused')]), 'reconnecting');
});

/** A stand-in for the SignalR browser client: one connection whose start and invocations the test settles. */
function fakeSignalR() {
  const conn = {
    state: 'Disconnected',
    connectionId: null,
    count: 0,
    handlers: {},
    calls: [],
    on(message, handler) { this.handlers[message] = handler; },
    onreconnecting(f) { this.reconnecting = f; },
    onreconnected(f) { this.reconnected = f; },
    onclose(f) { this.closed = f; },
    start() {
      return new Promise((resolve, reject) => {
        this.fail = reject;
        this.open = () => {
          this.state = 'Connected';
          this.connectionId = `c${++this.count}`;
          resolve();
        };
      });
    },
    invoke(method, topic) {
      return new Promise((resolve, reject) => this.calls.push({ method, topic, resolve, reject }));
    },
    pending(topic) {
      return this.calls.filter((c) => c.topic === topic && !c.done).map((c) => { c.done = true; return c; })[0];
    }
  };
  class HubConnectionBuilder {
    withUrl(url, options) { conn.url = url; conn.options = options; return this; }
    withAutomaticReconnect(policy) { conn.retryPolicy = policy; return this; }
    configureLogging() { return this; }
    build() { return conn; }
  }
  const HubConnectionState = { Disconnected: 'Disconnected', Connected: 'Connected', Reconnecting: 'Reconnecting' };
  return { signalR: { HubConnectionBuilder, HubConnectionState, LogLevel: { Warning: 3 } }, conn };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('after a reconnect the indicator waits for the subscriptions, and a refused board is not live', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { signalR, conn } = fakeSignalR();
  const states = [];
  const shown = [];
  const errors = [];
  const live = C.createLive(signalR, { onStatus: (s) => states.push(s), log: { warn() {} } });
  live.watch('leaderboard:B:fyp:day:agents:10', { snapshot: (p) => shown.push(p), error: (e) => errors.push(e) });
  live.watch('campaign:X', { optional: true });
  live.start();
  conn.open();
  await flush();
  assert.equal(live.state(), 'connecting'); // the socket is open, the board not yet subscribed

  conn.pending('leaderboard:B:fyp:day:agents:10').resolve({ version: 3, entries: [] });
  await flush();
  assert.equal(live.state(), 'live');       // the unknown campaign (optional) does not hold it back
  assert.equal(shown.length, 1);

  // A server restart: the automatic reconnect gets a new connection, on which the board is refused at first.
  conn.reconnecting();
  assert.equal(live.state(), 'reconnecting');
  conn.connectionId = 'c9';
  conn.reconnected();
  await flush();
  assert.equal(live.state(), 'reconnecting');
  conn.pending('leaderboard:B:fyp:day:agents:10').reject(new Error('branch not known'));
  await flush();
  assert.equal(live.state(), 'reconnecting');
  assert.equal(errors.length, 1);

  // The retry succeeds: live again, and the new server's lower version is shown (the gate starts anew).
  t.mock.timers.tick(1000);
  conn.pending('leaderboard:B:fyp:day:agents:10').resolve({ version: 1, entries: [] });
  await flush();
  assert.equal(live.state(), 'live');
  assert.deepEqual(shown.map((p) => p.version), [3, 1]);
  assert.deepEqual(states, ['connecting', 'live', 'reconnecting', 'live']);
});

test('a topic refused on a live connection takes "live" away until it is subscribed', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { signalR, conn } = fakeSignalR();
  const live = C.createLive(signalR, { log: { warn() {} } });
  live.watch('team:T1', {});
  live.start();
  conn.open();
  await flush();
  conn.pending('team:T1').resolve({ version: 1 });
  await flush();
  assert.equal(live.state(), 'live');

  live.watch('alerts:T1', {});
  assert.equal(live.state(), 'live');        // on its way: no flicker
  conn.pending('alerts:T1').reject(new Error('no'));
  await flush();
  assert.equal(live.state(), 'reconnecting');
  live.unwatch('alerts:T1');
  assert.equal(live.state(), 'live');
});

test('a push that overtakes its snapshot still counts as subscribed: the error is cleared, the older snapshot dropped', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { signalR, conn } = fakeSignalR();
  const events = [];
  const live = C.createLive(signalR, { log: { warn() {} } });
  const topic = 'leaderboard:B:fyp:day:agents:10';
  live.watch(topic, {
    snapshot: (p) => events.push(`snapshot ${p.version}`),
    push: (m, p) => events.push(`push ${p.version}`),
    subscribed: () => events.push('subscribed'),
    error: () => events.push('error')
  });
  live.start();
  conn.open();
  await flush();
  conn.pending(topic).reject(new Error('branch not known'));
  await flush();

  t.mock.timers.tick(1000);
  conn.handlers.leaderboard({ topic, version: 7, entries: [] }); // the push's own send loop wins the race
  conn.pending(topic).resolve({ topic, version: 6, entries: [] });
  await flush();
  assert.deepEqual(events, ['error', 'push 7', 'subscribed']);
  assert.equal(live.state(), 'live');
});

test('the hub gets the page token; a 401 on negotiate, a forbidden topic and an expired close reach the access', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let now = 1000;
  const token = `e30.${Buffer.from(JSON.stringify({ exp: 5 })).toString('base64url')}.c2ln`;
  const access = createAccess(token, () => now);
  const { signalR, conn } = fakeSignalR();
  const live = C.createLive(signalR, { access, log: { warn() {} } });
  assert.equal(conn.url, C.HUB_URL);
  assert.equal(conn.options.accessTokenFactory(), token);
  live.watch('team:T9', {});
  live.watch('campaign:C1', { optional: true });
  live.start();
  conn.fail(new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'"));
  await flush();
  assert.equal(access.problem(), 'refused');       // exp (5 s) is still ahead at 1 s: not "expired"

  t.mock.timers.tick(1000);
  conn.open();                                     // retried with the same token, and accepted
  await flush();
  assert.equal(access.problem(), null);
  conn.pending('campaign:C1').reject(new Error('HubException: forbidden'));
  await flush();
  assert.equal(access.problem(), null);            // an optional topic out of scope is no screen problem
  conn.pending('team:T9').reject(new Error("HubException: forbidden: team 'T9' is outside the token's scope"));
  await flush();
  assert.equal(access.problem(), 'forbidden');
  t.mock.timers.tick(1000);
  conn.pending('team:T9').resolve({ version: 1 });
  await flush();
  assert.equal(live.state(), 'live');
  assert.equal(access.problem(), null);

  now = 6000;                                      // the server closes the connection once the token expired
  conn.reconnecting();
  assert.equal(access.problem(), 'expired');
  assert.equal(conn.retryPolicy.nextRetryDelayInMilliseconds({ previousRetryCount: 1, retryReason: new Error("Status code '401'") }) > 0, true);
  assert.equal(access.problem(), 'expired');
});
