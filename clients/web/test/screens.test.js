'use strict';
// Unit tests for the helpers of the office display and the supervisor console: node --test test/
const test = require('node:test');
const assert = require('node:assert/strict');
const C = require('../src/common.js');
const D = require('../src/display.js');
const K = require('../src/console.js');

test('language: lang parameter, then the browser, then English', () => {
  assert.equal(C.pickLanguage('zh-CN', ['en-US']), 'zh-CN');
  assert.equal(C.pickLanguage('en', ['zh-CN']), 'en');
  assert.equal(C.pickLanguage('', ['zh-TW', 'en']), 'zh-CN');
  assert.equal(C.pickLanguage('', ['fr-FR', 'en-GB']), 'en');
  assert.equal(C.pickLanguage('xx', ['fr-FR']), 'en');
  assert.equal(C.pickLocale('en', '', ['en-GB']), 'en-GB');
  assert.equal(C.pickLocale('en', '', ['zh-CN']), 'en-US');
  assert.equal(C.pickLocale('zh-CN', 'de-DE', ['zh-CN']), 'de-DE');
});

test('translations exist in both languages for every key', () => {
  const en = Object.keys(C.MESSAGES.en).sort();
  const zh = Object.keys(C.MESSAGES['zh-CN']).sort();
  assert.deepEqual(zh, en);
  const t = C.makeTranslator('zh-CN');
  assert.equal(t('asOf', { time: '10:00:00' }), '数据截至 10:00:00');
  assert.equal(C.makeTranslator('en')('celebrate.policy', { name: 'Wang F.' }), 'Wang F. closed a policy');
});

test('money and counts follow the locale', () => {
  const zh = C.makeFormatters('zh-CN', 'CNY');
  assert.equal(zh.money(12345.5), '¥12,346');
  assert.equal(zh.moneyExact(12345.5), '¥12,345.50');
  assert.equal(zh.count(7), '7');
  assert.equal(zh.metric('fyp', 1000), '¥1,000');
  assert.equal(zh.metric('calls', 1000), '1,000');
  assert.equal(zh.money(null), '\u2014');
  const de = C.makeFormatters('de-DE', 'EUR');
  assert.equal(de.money(1234567), '1.234.567\u00a0€');
  assert.equal(C.makeFormatters('en-US', 'bogus').currency, 'CNY');
});

test('names: full, or surname and initial', () => {
  assert.equal(C.maskName('王芳', 'initial'), '王*');
  assert.equal(C.maskName('杨光明', 'initial'), '杨**');
  assert.equal(C.maskName('欧阳娜娜', 'initial'), '欧阳**');
  assert.equal(C.maskName('欧阳', 'initial'), '欧*');
  assert.equal(C.maskName('Wang Fang', 'initial'), 'Wang F.');
  assert.equal(C.maskName('Smith, John', 'initial'), 'Smith J.');
  assert.equal(C.maskName('Anna Maria Lopez', 'initial'), 'Anna M.L.');
  assert.equal(C.maskName('Madonna', 'initial'), 'Madonna');
  assert.equal(C.maskName('王芳', 'full'), '王芳');
  assert.equal(C.maskName('  ', 'initial'), '');
});

test('topics are named as the server names them', () => {
  assert.equal(C.leaderboardTopic('SZ01', 'fyp', 'day', 'agents', 10), 'leaderboard:SZ01:fyp:day:agents:10');
  assert.equal(C.leaderboardTopic('SZ01', 'fyp', 'day', 'teams', 50), 'leaderboard:SZ01:fyp:day:teams');
  assert.equal(C.topicOf('campaign', { campaignId: 'C1' }), 'campaign:C1');
  assert.equal(C.topicOf('alert', { topic: 'alerts:T1', teamId: 'T9' }), 'alerts:T1');
});

test('retries never stop and never exceed their cap', () => {
  for (let n = 0; n < 50; n++) {
    const d = C.retryDelay(n, () => 1);
    assert.ok(d > 0 && d <= C.MAX_RETRY_DELAY_MS);
  }
  assert.equal(C.retryDelay(0, () => 0), 500);
  assert.equal(C.retryDelay(100, () => 0, 30000), 30000);
});

test('the version gate keeps the newest per topic and forgets a topic on reset', () => {
  const gate = C.createVersionGate();
  assert.equal(gate.accept({ topic: 'a', version: 5 }), true);
  assert.equal(gate.accept({ topic: 'a', version: 5 }), false);
  assert.equal(gate.accept({ topic: 'a', version: 4 }), false);
  assert.equal(gate.accept({ topic: 'b', version: 1 }), true);
  gate.reset('a');
  assert.equal(gate.accept({ topic: 'a', version: 2 }), true); // a restarted server's snapshot
});

test('working calendar: elapsed share of working time in the branch zone', () => {
  const cal = C.makeCalendar({ timeZone: 'Asia/Shanghai', workingHours: { start: '09:00', end: '18:00' } });
  const monday = Date.parse('2026-11-16T00:00:00+08:00');
  const nextMonday = Date.parse('2026-11-23T00:00:00+08:00');
  assert.equal(C.elapsedShare(cal, monday, nextMonday, Date.parse('2026-11-16T08:00:00+08:00')), 0);
  assert.equal(C.elapsedShare(cal, monday, nextMonday, Date.parse('2026-11-18T13:30:00+08:00')), 0.5);
  assert.equal(C.elapsedShare(cal, monday, nextMonday, Date.parse('2026-11-21T12:00:00+08:00')), 1);
  // A day with a clock change (London, 29 March 2026): the working window is real time.
  const london = C.makeCalendar({ timeZone: 'Europe/London', workingDays: ['sunday'], workingHours: { start: '00:00', end: '04:00' } });
  assert.equal(C.workingTimeBetween(london, Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-03-30T00:00:00Z')), 3 * 3600000);
  // Without zone support: the fixed offset.
  const fixed = C.makeCalendar({ timeZone: 'No/Such_Zone' }, 480);
  assert.equal(fixed.offsetAt(0), 480);
});

test('the pace marker comes from the server figures, else from the calendar', () => {
  assert.equal(C.expectedShare(0.3, 0.6, null, null, 0), 0.5);
  const cal = C.makeCalendar({ timeZone: 'Asia/Shanghai', workingDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], workingHours: { start: '00:00', end: '23:59' } });
  const period = { start: '2026-11-16T00:00:00+08:00', end: '2026-11-17T00:00:00+08:00' };
  const share = C.expectedShare(0, 0, cal, period, Date.parse('2026-11-16T11:59:30+08:00'));
  assert.ok(Math.abs(share - 0.5) < 0.001);
});

test('display options: defaults, privacy and invalid values', () => {
  const o = D.parseDisplayOptions('?branch=SZ01');
  assert.equal(o.metric, 'fyp');
  assert.equal(o.period, 'day');
  assert.equal(o.top, 10);
  assert.equal(o.names, 'full');
  assert.equal(o.privacy, false);
  const p = D.parseDisplayOptions('?branch=SZ01&privacy=1');
  assert.equal(p.top, 5);
  assert.equal(p.names, 'initial');
  const q = D.parseDisplayOptions('?branch=SZ01&privacy=1&top=8&names=full&metric=calls&period=week&metrics=fyp,calls&campaign=C-1&rotate=30');
  assert.deepEqual([q.top, q.names, q.metric, q.period, q.campaign, q.rotate], [8, 'full', 'calls', 'week', 'C-1', 30]);
  assert.deepEqual(q.metrics, ['fyp', 'calls']);
  const bad = D.parseDisplayOptions('?branch=SZ01&metric=nope&period=year&top=0&names=x&campaign=a:b');
  assert.deepEqual(bad.problems.sort(), ['campaign', 'metric', 'names', 'period', 'top']);
  assert.equal(D.parseDisplayOptions('?branch=a%20b').branch, '');
  assert.equal(D.cycle(['a', 'b', 'c'], 'c', 1), 'a');
  assert.equal(D.cycle(['a', 'b', 'c'], 'a', -1), 'c');
});

test('period captions in the branch dates', () => {
  const t = C.makeTranslator('en');
  const week = { start: '2026-11-23T00:00:00+08:00', end: '2026-11-30T00:00:00+08:00' };
  assert.equal(D.periodCaption(week, 'week', 'en-US', t), 'This week \u00b7 11/23 \u2013 11/29');
  const month = { start: '2026-11-01T00:00:00+08:00', end: '2026-12-01T00:00:00+08:00' };
  assert.equal(D.periodCaption(month, 'month', 'zh-CN', C.makeTranslator('zh-CN')), '本月 \u00b7 2026年11月');
});

test('console: bars per metric with a target, state from the pace', () => {
  const stats = {
    period: { start: '2026-11-16T00:00:00+08:00', end: '2026-11-17T00:00:00+08:00' },
    metrics: { calls: 2, visits: 0, fyp: 0 },
    targets: { calls: 8, fyp: 0 },
    attainment: { calls: 0.25 },
    pace: { calls: 0.5 }
  };
  const bars = K.barsOf(stats, null, 0);
  assert.equal(bars.length, 1);
  assert.deepEqual([bars[0].metric, bars[0].actual, bars[0].target, bars[0].expected, bars[0].state], ['calls', 2, 8, 0.5, 'behind']);
  stats.pace.calls = 0.8;
  assert.equal(K.barsOf(stats, null, 0)[0].state, 'warn');
  stats.pace.calls = 1.2;
  assert.equal(K.barsOf(stats, null, 0)[0].state, 'ok');
});

test('console: the team against the sum of its members targets', () => {
  const team = { period: {}, metrics: { calls: 5 }, targets: { calls: 8 } };
  const plan = K.teamAgainstMembers(team, [{ targets: { calls: 8 } }, { targets: { calls: 8, fyp: 100 } }, null]);
  assert.deepEqual(plan.targets, { calls: 16, fyp: 100 });
  assert.equal(plan.attainment.calls, 5 / 16);
  assert.equal(K.teamAgainstMembers(team, []), team);
});

test('console: alerts listed open first, newest first; newer by version, else by status', () => {
  const list = K.visibleAlerts({
    a: { alertId: 'a', status: 'acknowledged', raisedAt: '2026-11-16T10:00:00Z' },
    b: { alertId: 'b', status: 'open', raisedAt: '2026-11-16T09:00:00Z' },
    c: { alertId: 'c', status: 'open', raisedAt: '2026-11-16T11:00:00Z' },
    d: { alertId: 'd', status: 'resolved', raisedAt: '2026-11-16T12:00:00Z' }
  });
  assert.deepEqual(list.map((x) => x.alertId), ['c', 'b', 'a']);
  assert.equal(K.isNewerAlert({ version: 5, status: 'open' }, { version: 4, status: 'acknowledged' }), false);
  assert.equal(K.isNewerAlert({ status: 'open' }, { status: 'acknowledged' }), true);
  assert.equal(K.isNewerAlert({ status: 'open' }, { status: 'open', version: 3 }), true);
  const fmt = C.makeFormatters('en-US', 'CNY');
  const t = C.makeTranslator('en');
  assert.equal(K.alertText({ rule: 'inactive', actual: 2.5, expected: 2 }, t, fmt), 'No call or visit for 2.5 working hours (limit 2 h)');
  assert.equal(K.alertText({ rule: 'behindPace', metric: 'fyp', actual: 0, expected: 1500 }, t, fmt), 'FYP behind pace: ¥0 of ¥1,500 expected by now');
});

test('console: the trend runs to now and the plan follows the working calendar', () => {
  const cal = C.makeCalendar({ timeZone: 'Asia/Shanghai', workingDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], workingHours: { start: '00:00', end: '23:59' } });
  const month = { period: { start: '2026-11-01T00:00:00+08:00', end: '2026-12-01T00:00:00+08:00' }, metrics: { fyp: 900 }, targets: { fyp: 3000 } };
  const now = Date.parse('2026-11-03T12:00:00+08:00');
  const trend = K.trendOf(month, { 1: 100, 2: 300 }, 3, cal, now);
  assert.equal(trend.days, 30);
  assert.deepEqual(trend.actual.slice(0, 3), [[0, 0], [1, 100], [2, 400]]);
  assert.equal(trend.actual[3][1], 900);
  assert.ok(Math.abs(trend.actual[3][0] - 2.5) < 0.01);
  assert.equal(trend.plan.length, 31);
  assert.equal(trend.plan[30][1], 3000);
  assert.ok(Math.abs(trend.plan[15][1] - 1500) < 1);
  assert.ok(Math.abs(trend.planToDate - 250) < 1);
  assert.equal(K.trendOf({ period: month.period, metrics: { fyp: 1 }, targets: {} }, {}, 3, cal, now).plan, null);
});
