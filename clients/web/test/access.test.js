// Unit tests of the page's access token (lib/access.js): where it comes from,
// where it goes, and what the screen says when the server refuses it.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as A from '../src/lib/access.js';
import * as I from '../src/lib/i18n.js';
import * as F from '../src/lib/format.js';

const base64Url = (json) => Buffer.from(JSON.stringify(json)).toString('base64url');
const jwt = (payload) => `${base64Url({ alg: 'HS256', typ: 'JWT' })}.${base64Url(payload)}.c2lnbmF0dXJl`;

test('the token comes from the access_token query parameter', () => {
  assert.equal(A.tokenFromQuery('?branch=SZ01&access_token=abc.def.ghi'), 'abc.def.ghi');
  assert.equal(A.tokenFromQuery('?access_token=%20a.b.c%20&lang=en'), 'a.b.c');
  assert.equal(A.tokenFromQuery('?branch=SZ01'), '');
  assert.equal(A.tokenFromQuery('?access_token='), '');
  assert.equal(A.tokenFromQuery(''), '');
  assert.equal(A.tokenFromQuery(undefined), '');
});

test('requests carry Authorization: Bearer, the hub gets the token through accessTokenFactory', () => {
  assert.deepEqual(A.withBearer('t0k', { Accept: 'application/json' }), { Accept: 'application/json', Authorization: 'Bearer t0k' });
  assert.deepEqual(A.withBearer('', { Accept: 'application/json' }), { Accept: 'application/json' });
  assert.deepEqual(A.withBearer('t0k'), { Authorization: 'Bearer t0k' });
  const headers = { Accept: 'text/plain' };
  A.withBearer('t0k', headers);
  assert.deepEqual(headers, { Accept: 'text/plain' }); // a copy: the caller's object is left alone
  assert.deepEqual(A.hubOptions(''), {});
  assert.equal(A.hubOptions('t0k').accessTokenFactory(), 't0k');

  const access = A.createAccess('t0k');
  assert.equal(access.hasToken, true);
  assert.deepEqual(access.headers({ Accept: 'application/json' }), { Accept: 'application/json', Authorization: 'Bearer t0k' });
  assert.equal(A.createAccess('').hasToken, false);
  assert.deepEqual(A.createAccess('').hubOptions(), {});
});

test('fetch through the access adds the header and notes the answer', async (t) => {
  const seen = [];
  t.mock.method(globalThis, 'fetch', (path, init) => {
    seen.push([path, init]);
    return Promise.resolve({ status: 401, ok: false });
  });
  const access = A.createAccess(jwt({ exp: 1000 }), () => 2000 * 1000);
  const response = await access.fetch('/api/v1/branches/SZ01', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  assert.equal(response.status, 401);
  assert.equal(seen[0][0], '/api/v1/branches/SZ01'); // the token stays out of the URL
  assert.equal(seen[0][1].cache, 'no-store');
  assert.equal(seen[0][1].headers.Authorization, `Bearer ${jwt({ exp: 1000 })}`);
  assert.equal(access.problem(), 'expired');
});

test('the expiry is read from the payload, only to word the message', () => {
  assert.equal(A.tokenExpiresAt(jwt({ sub: 'tv', exp: 1764770400 })), 1764770400000);
  assert.equal(A.tokenExpiresAt(jwt({ sub: '王芳', exp: 1 })), 1000);
  assert.equal(A.tokenExpiresAt(jwt({ sub: 'tv' })), null);
  assert.equal(A.tokenExpiresAt(jwt({ exp: 'soon' })), null);
  assert.equal(A.tokenExpiresAt('not a token'), null);
  assert.equal(A.tokenExpiresAt('a.%%%.c'), null);
  assert.equal(A.tokenExpiresAt(''), null);
});

test('a 401 after the expiry is "expired", without a token "missing", else "refused"; a 403 "forbidden"', () => {
  assert.equal(A.problemOf(401, true, 1000, 1000), 'expired');
  assert.equal(A.problemOf(401, true, 1000, 999), 'refused');
  assert.equal(A.problemOf(401, true, null, 5000), 'refused');
  assert.equal(A.problemOf(401, false, null, 5000), 'missing');
  assert.equal(A.problemOf(403, true, 1000, 5000), 'forbidden');
  assert.equal(A.problemOf(404, true, 1000, 5000), null);
  assert.equal(A.problemOf(200, true, 1000, 5000), null);
  // Where the status is: a fetch helper's error, the SignalR HttpError, its negotiate failure's message.
  assert.equal(A.statusOf({ status: 403 }), 403);
  assert.equal(A.statusOf({ statusCode: 401 }), 401);
  assert.equal(A.statusOf(new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'")), 401);
  assert.equal(A.statusOf(new Error('WebSocket closed with status code: 1006 ().')), null);
  assert.equal(A.statusOf(null), null);
  assert.equal(A.isForbidden(new Error("An unexpected error occurred invoking 'Subscribe' on the server. HubException: forbidden: team:T9")), true);
  assert.equal(A.isForbidden(new Error('Branch SZ01 is not known.')), false);
});

test('the messages in Chinese and English, with the time the token expired', () => {
  const zh = I.makeTranslator('zh-CN');
  const en = I.makeTranslator('en');
  const exp = Date.parse('2026-12-03T14:05:00Z');
  const at = F.formatTime(new Date(exp).toISOString(), 'en-US', '', true);
  assert.equal(A.accessText('expired', en, exp, 'en-US'), `The access token expired at ${at} \u2014 open the screen with a new link.`);
  assert.equal(A.accessText('expired', en, null, 'en-US'), 'The access token has expired \u2014 open the screen with a new link.');
  assert.equal(A.accessText('expired', zh, null, 'zh-CN'), '访问令牌已过期，请使用新的链接打开此屏幕。');
  assert.match(A.accessText('expired', zh, exp, 'zh-CN'), /^访问令牌已于 .+ 过期，请使用新的链接打开此屏幕。$/);
  assert.equal(A.accessText('refused', zh, exp, 'zh-CN'), '服务器拒绝了此访问令牌，请使用有效的链接打开此屏幕。');
  assert.notEqual(A.accessText('forbidden', en, null, 'en-US'), A.accessText('refused', en, null, 'en-US'));
  assert.match(A.accessText('forbidden', zh, null, 'zh-CN'), /超出授权范围/);
  assert.equal(A.accessText('missing', en, null, 'en-US'), 'This screen needs an access token \u2014 open it with a link that carries one.');
  assert.equal(A.accessText(null, en, exp, 'en-US'), '');
  assert.equal(en('status.expired'), 'Token expired');
  assert.equal(zh('status.expired'), '令牌已过期');
});

test('what the server says moves the problem: 401 outranks 403, success and live clear it', () => {
  let now = 1000 * 1000;
  const changes = [];
  const access = A.createAccess(jwt({ exp: 2000 }), () => now);
  access.onChange((p) => changes.push(p));
  assert.equal(access.expiresAt, 2000 * 1000);

  access.noteStatus(403);
  assert.equal(access.problem(), 'forbidden');
  access.noteStatus(200);                       // another resource answers: still out of scope for that one
  assert.equal(access.problem(), 'forbidden');
  access.noteError(new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'"));
  assert.equal(access.problem(), 'refused');    // before the expiry: refused (e.g. a key rotated)
  access.noteError(new Error('HubException: forbidden'));
  assert.equal(access.problem(), 'refused');    // a 401 outranks a 403
  access.noteConnected();
  assert.equal(access.problem(), null);

  access.noteClosed();
  assert.equal(access.problem(), null);         // a close before the expiry is a network matter
  now = 2001 * 1000;
  access.noteClosed();
  assert.equal(access.problem(), 'expired');    // the server closes the connection when the token expires
  access.noteStatus(401);
  assert.equal(access.problem(), 'expired');
  access.noteStatus(204);
  assert.equal(access.problem(), null);
  access.noteError(new Error('HubException: forbidden'));
  access.noteLive();
  assert.equal(access.problem(), null);
  assert.deepEqual(changes, ['forbidden', 'refused', null, 'expired', null, 'forbidden', null]);

  const open = A.createAccess('');
  open.noteClosed();
  assert.equal(open.problem(), null);           // no token, no expiry
  open.noteStatus(401);
  assert.equal(open.problem(), 'missing');
});

test('a name the server leaves out shows as a placeholder, never "null"', () => {
  const zh = I.makeTranslator('zh-CN');
  const en = I.makeTranslator('en');
  assert.equal(F.personName(null, 'full', zh('name.hidden')), '匿名');
  assert.equal(F.personName(undefined, 'initial', en('name.hidden')), 'Anonymous');
  assert.equal(F.personName('  ', 'full', 'Anonymous'), 'Anonymous');
  assert.equal(F.personName('王*', 'full', '匿名'), '王*');          // already shaped by the server
  assert.equal(F.personName('王*', 'initial', '匿名'), '王*');
  assert.equal(F.personName('Emma C.', 'initial', 'Anonymous'), 'Emma C.');
  assert.equal(F.personName('王芳', 'initial', '匿名'), '王*');
});
