// Unit tests of the helpers of the office display and the supervisor console: node --test test/
import test from 'node:test';
import assert from 'node:assert/strict';
import * as I from '../src/lib/i18n.js';
import * as F from '../src/lib/format.js';
import * as P from '../src/lib/params.js';
import * as S from '../src/lib/status.js';
import * as D from '../src/pages/display.js';
import { campaignCountdown } from '../src/pages/display-campaign.js';
import { celebrationText } from '../src/pages/display-celebrations.js';
import * as K from '../src/pages/console.js';
import * as KP from '../src/pages/console-progress.js';
import * as KA from '../src/pages/console-alerts.js';
import * as KT from '../src/pages/console-trend.js';
import * as KR from '../src/pages/console-renewals.js';

test('language: lang parameter, then the browser, then English', () => {
  assert.equal(I.pickLanguage('zh-CN', ['en-US']), 'zh-CN');
  assert.equal(I.pickLanguage('en', ['zh-CN']), 'en');
  assert.equal(I.pickLanguage('', ['zh-TW', 'en']), 'zh-CN');
  assert.equal(I.pickLanguage('', ['fr-FR', 'en-GB']), 'en');
  assert.equal(I.pickLanguage('xx', ['fr-FR']), 'en');
  assert.equal(I.pickLocale('en', '', ['en-GB']), 'en-GB');
  assert.equal(I.pickLocale('en', '', ['zh-CN']), 'en-US');
  assert.equal(I.pickLocale('zh-CN', 'de-DE', ['zh-CN']), 'de-DE');
});

test('translations exist in both languages for every key', () => {
  const en = Object.keys(I.MESSAGES.en).sort();
  const zh = Object.keys(I.MESSAGES['zh-CN']).sort();
  assert.deepEqual(zh, en);
  const t = I.makeTranslator('zh-CN');
  assert.equal(t('asOf', { time: '10:00:00' }), '数据截至 10:00:00');
  assert.equal(I.makeTranslator('en')('celebrate.policy', { name: 'Wang F.' }), 'Wang F. closed a policy');
});

test('money and counts follow the locale', () => {
  const zh = F.makeFormatters('zh-CN', 'CNY');
  assert.equal(zh.money(12345.5), '¥12,346');
  assert.equal(zh.moneyExact(12345.5), '¥12,345.50');
  assert.equal(zh.count(7), '7');
  assert.equal(zh.metric('fyp', 1000), '¥1,000');
  assert.equal(zh.metric('calls', 1000), '1,000');
  assert.equal(zh.money(null), '\u2014');
  const de = F.makeFormatters('de-DE', 'EUR');
  assert.equal(de.money(1234567), '1.234.567\u00a0€');
  assert.equal(F.makeFormatters('en-US', 'bogus').currency, 'CNY');
});

test('names: full, or surname and initial', () => {
  assert.equal(F.maskName('王芳', 'initial'), '王*');
  assert.equal(F.maskName('杨光明', 'initial'), '杨**');
  assert.equal(F.maskName('欧阳娜娜', 'initial'), '欧阳**');
  assert.equal(F.maskName('欧阳', 'initial'), '欧*');
  assert.equal(F.maskName('Wang Fang', 'initial'), 'Wang F.');
  assert.equal(F.maskName('Smith, John', 'initial'), 'Smith J.');
  assert.equal(F.maskName('Anna Maria Lopez', 'initial'), 'Anna M.L.');
  assert.equal(F.maskName('Madonna', 'initial'), 'Madonna');
  assert.equal(F.maskName('王芳', 'full'), '王芳');
  assert.equal(F.maskName('  ', 'initial'), '');
});

test('topics are named as the server names them', () => {
  assert.equal(P.leaderboardTopic('SZ01', 'fyp', 'day', 'agents', 10), 'leaderboard:SZ01:fyp:day:agents:10');
  assert.equal(P.leaderboardTopic('SZ01', 'fyp', 'day', 'teams', 50), 'leaderboard:SZ01:fyp:day:teams');
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
  const bad = D.parseDisplayOptions('?branch=SZ01&metric=nope&period=decade&top=0&names=x&campaign=a:b');
  assert.deepEqual(bad.problems.sort(), ['campaign', 'metric', 'names', 'period', 'top']);
  assert.equal(D.parseDisplayOptions('?branch=a%20b').branch, '');
  assert.equal(P.cycle(['a', 'b', 'c'], 'c', 1), 'a');
  assert.equal(P.cycle(['a', 'b', 'c'], 'a', -1), 'c');
});

test('period captions in the branch dates', () => {
  const t = I.makeTranslator('en');
  const week = { start: '2026-11-23T00:00:00+08:00', end: '2026-11-30T00:00:00+08:00' };
  assert.equal(D.periodCaption(week, 'week', 'en-US', t), 'This week \u00b7 11/23 \u2013 11/29');
  const month = { start: '2026-11-01T00:00:00+08:00', end: '2026-12-01T00:00:00+08:00' };
  assert.equal(D.periodCaption(month, 'month', 'zh-CN', I.makeTranslator('zh-CN')), '本月 \u00b7 2026年11月');
  const quarter = { start: '2026-10-01T00:00:00+08:00', end: '2027-01-01T00:00:00+08:00' };
  assert.equal(D.periodCaption(quarter, 'quarter', 'en-US', t), 'This quarter \u00b7 2026 Q4');
  assert.equal(D.periodCaption(quarter, 'quarter', 'zh-CN', I.makeTranslator('zh-CN')), '本季度 \u00b7 2026 Q4');
  const year = { start: '2026-01-01T00:00:00+08:00', end: '2027-01-01T00:00:00+08:00' };
  assert.equal(D.periodCaption(year, 'year', 'en-US', t), 'This year \u00b7 2026');
  assert.equal(D.parseDisplayOptions('?branch=SZ01&period=quarter').period, 'quarter');
  assert.equal(D.parseDisplayOptions('?branch=SZ01&period=year').problems.length, 0);
});

test('console: bars per metric with a target, the marker where the server expects progress by now', () => {
  const stats = {
    period: { start: '2026-11-16T00:00:00+08:00', end: '2026-11-17T00:00:00+08:00' },
    metrics: { calls: 2, visits: 0, fyp: 0 },
    targets: { calls: 8, fyp: 0 },
    attainment: { calls: 0.25 },
    pace: { calls: 0.5 },
    elapsedShare: 0.5,
    expected: { calls: 4, fyp: 0 }
  };
  const bars = KP.barsOf(stats);
  assert.equal(bars.length, 1);
  // 2 of 8 done, 4 expected by now: the marker at 4 / 8, the bar at half the pace → behind (below 70 %).
  assert.deepEqual([bars[0].metric, bars[0].actual, bars[0].target, bars[0].expected, bars[0].state], ['calls', 2, 8, 0.5, 'behind']);
  stats.expected.calls = 2.5;               // 0.25 / 0.3125 = 80 % of pace
  assert.equal(KP.barsOf(stats)[0].state, 'warn');
  stats.expected.calls = 2;                 // exactly on pace
  assert.equal(KP.barsOf(stats)[0].state, 'ok');
  // A weekly split makes a metric's marker differ from the period's elapsed share: expected says it.
  stats.expected.calls = 6;
  assert.equal(KP.barsOf(stats)[0].expected, 0.75);
  // Without a figure for the metric, the period's elapsed share.
  delete stats.expected.calls;
  assert.equal(KP.barsOf(stats)[0].expected, 0.5);
});

test('console: the team against the sum of its members targets and expected', () => {
  const team = { period: {}, metrics: { calls: 5 }, targets: { calls: 8 }, elapsedShare: 0.1 };
  const members = [
    { targets: { calls: 8 }, expected: { calls: 4 }, elapsedShare: 0.5, elapsedShareByDay: [1] },
    { targets: { calls: 8, fyp: 100 }, expected: { calls: 2, fyp: 50 }, elapsedShare: 0.5 },
    null
  ];
  const plan = KP.teamAgainstMembers(team, members);
  assert.deepEqual(plan.targets, { calls: 16, fyp: 100 });
  assert.deepEqual(plan.expected, { calls: 6, fyp: 50 });
  assert.equal(plan.attainment.calls, 5 / 16);
  assert.equal(plan.elapsedShare, 0.5);     // the members' stats, read more recently than the team push
  assert.deepEqual(plan.elapsedShareByDay, [1]);
  assert.equal(KP.barsOf(plan).find((b) => b.metric === 'calls').expected, 6 / 16);
  assert.equal(KP.teamAgainstMembers(team, []), team);
});

test('console: alerts listed open first, newest first; newer by version, else by status', () => {
  const list = KA.visibleAlerts({
    a: { alertId: 'a', status: 'acknowledged', raisedAt: '2026-11-16T10:00:00Z' },
    b: { alertId: 'b', status: 'open', raisedAt: '2026-11-16T09:00:00Z' },
    c: { alertId: 'c', status: 'open', raisedAt: '2026-11-16T11:00:00Z' },
    d: { alertId: 'd', status: 'resolved', raisedAt: '2026-11-16T12:00:00Z' }
  });
  assert.deepEqual(list.map((x) => x.alertId), ['c', 'b', 'a']);
  assert.equal(KA.isNewerAlert({ version: 5, status: 'open' }, { version: 4, status: 'acknowledged' }), false);
  assert.equal(KA.isNewerAlert({ status: 'open' }, { status: 'acknowledged' }), true);
  assert.equal(KA.isNewerAlert({ status: 'open' }, { status: 'open', version: 3 }), true);
  const fmt = F.makeFormatters('en-US', 'CNY');
  const t = I.makeTranslator('en');
  assert.equal(KA.alertText({ rule: 'inactive', actual: 2.5, expected: 2 }, t, fmt), 'No call or visit for 2.5 working hours (limit 2 h)');
  assert.equal(KA.alertText({ rule: 'behindPace', metric: 'fyp', actual: 0, expected: 1500 }, t, fmt), 'FYP behind pace: ¥0 of ¥1,500 expected by now');
  assert.equal(KA.alertText({ rule: 'renewalAtRisk', metric: 'renewalDueCollected', policyId: 'P-12', actual: 500, expected: 3500, graceEndsOn: '2027-02-13' }, t, fmt),
    'Policy P-12: ¥500 of ¥3,500 collected, grace ends 2027-02-13');
  assert.equal(I.makeTranslator('zh-CN')('rule.renewalAtRisk'), '续期预警');
});

test('console: the trend runs to now and the plan follows the server day shares', () => {
  // November 2026 (30 days) spread evenly: by the end of day k, k / 30 of the working time.
  const shares = Array.from({ length: 30 }, (_, i) => (i + 1) / 30);
  const month = {
    period: { start: '2026-11-01T00:00:00+08:00', end: '2026-12-01T00:00:00+08:00' },
    metrics: { fyp: 900 },
    targets: { fyp: 3000 },
    elapsedShare: 2.5 / 30,
    elapsedShareByDay: shares
  };
  const now = Date.parse('2026-11-03T12:00:00+08:00');
  const trend = KT.trendOf(month, { 1: 100, 2: 300 }, 3, now);
  assert.equal(trend.days, 30);
  assert.deepEqual(trend.actual.slice(0, 3), [[0, 0], [1, 100], [2, 400]]);
  assert.equal(trend.actual[3][1], 900);
  assert.ok(Math.abs(trend.actual[3][0] - 2.5) < 0.01);
  assert.equal(trend.plan.length, 31);
  assert.deepEqual(trend.plan[0], [0, 0]);
  assert.equal(trend.plan[30][1], 3000);
  assert.ok(Math.abs(trend.plan[15][1] - 1500) < 1e-9);
  assert.ok(Math.abs(trend.planToDate - 250) < 1e-9);
  assert.equal(KT.trendOf({ ...month, targets: {} }, {}, 3, now).plan, null);
  assert.equal(KT.trendOf({ ...month, elapsedShareByDay: undefined }, {}, 3, now).plan, null);
});

test('display: a move mark means passing someone, not a lower shared rank number', () => {
  const board = (...entries) => entries.map(([id, rank]) => ({ id, rank }));
  // A1 passes A2.
  assert.deepEqual(D.placesGained({ A1: 2, A2: 1 }, board(['A1', 1], ['A2', 2])), { A1: 1 });
  // A3 passes two.
  assert.deepEqual(D.placesGained({ A1: 1, A2: 2, A3: 3 }, board(['A3', 1], ['A1', 2], ['A2', 3])), { A3: 2 });
  // After a restart everyone is at 0 and shares rank 1: rank numbers fell, nobody passed anybody.
  assert.deepEqual(D.placesGained({ A1: 1, A2: 2, A3: 2, A4: 2 }, board(['A1', 1], ['A2', 1], ['A3', 1], ['A4', 1])), {});
  // The leader dropping back into a tie lifts nobody either.
  assert.deepEqual(D.placesGained({ A1: 1, A2: 2 }, board(['A1', 1], ['A2', 1])), {});
  // Leaving a tie ahead of the other passed nobody who was ahead.
  assert.deepEqual(D.placesGained({ A1: 1, A2: 1 }, board(['A2', 1], ['A1', 2])), {});
  assert.deepEqual(D.placesGained({ A1: 2, A2: 2, A3: 1 }, board(['A2', 1], ['A3', 2], ['A1', 3])), { A2: 1 });
  // New on the board: no mark.
  assert.deepEqual(D.placesGained({ A1: 1 }, board(['A9', 1], ['A1', 2])), {});
});

test('display: campaign countdown and battle-report text', () => {
  const t = I.makeTranslator('en');
  const now = Date.parse('2026-12-12T10:00:00Z');
  const countdown = (ms) => F.formatCountdown(ms, t);
  assert.equal(campaignCountdown({ status: 'scheduled', startsAt: '2026-12-12T11:00:05Z' }, now, t, F.formatCountdown), 'Starts in 01:00:05');
  assert.equal(campaignCountdown({ status: 'running', endsAt: '2026-12-14T10:00:00Z' }, now, t, F.formatCountdown), `Ends in ${countdown(2 * 86400000)}`);
  assert.equal(campaignCountdown({ status: 'running', endsAt: '2026-12-12T09:00:00Z' }, now, t, F.formatCountdown), 'Counting late results\u2026');
  assert.equal(campaignCountdown({ status: 'finished', frozen: true }, now, t, F.formatCountdown), 'Final standings (frozen)');
  const fmt = F.makeFormatters('zh-CN', 'CNY');
  const zh = I.makeTranslator('zh-CN');
  assert.deepEqual(celebrationText({ kind: 'policy', name: '王芳', agentId: 'A1', value: 12345 }, zh, fmt, 'initial'),
    { kind: 'policy', text: '恭喜 王* 签单', value: '¥12,345' });
  assert.equal(celebrationText({ kind: 'campaignWon', unit: 'team', name: '一组', campaignName: '双十二' }, zh, fmt, 'initial').text, '恭喜 一组 赢得双十二');
  assert.equal(celebrationText({ kind: 'rankUp', name: 'Wang Fang', value: 3 }, t, fmt, 'full').value, '');
  // A display token's policy may leave the name out: a placeholder, never the id or "null".
  assert.equal(celebrationText({ kind: 'policy', name: null, agentId: 'A1', value: 100 }, zh, fmt, 'full').text, '恭喜 匿名 签单');
});

test('status: the as-of line says since when the screen is offline', () => {
  const t = I.makeTranslator('en');
  assert.equal(S.asOfText(t, null, null, 'en-US', 'UTC'), 'Waiting for data\u2026');
  assert.equal(S.asOfText(t, '2026-11-16T02:15:03Z', null, 'en-US', 'Asia/Shanghai'), 'Data as of 10:15:03');
  assert.equal(S.asOfText(t, '2026-11-16T02:15:03Z', new Date('2026-11-16T02:20:00Z'), 'en-US', 'Asia/Shanghai'),
    'Data as of 10:15:03 \u00b7 offline since 10:20:00');
});

test('console: the renewal grid has all nine cells and the outstanding list is the open items by days left', () => {
  const cells = KR.gridCells({ cells: [{ row: 'lastMonth', column: 3, due: 1500, collected: 600, rate: 0.4 }] });
  assert.equal(Object.keys(cells).length, 9);
  assert.equal(cells['lastMonth/3'].rate, 0.4);
  assert.deepEqual(cells['graceEnding/4'], { row: 'graceEnding', column: 4, due: 0, collected: 0, rate: null });
  const item = (policyId, daysLeft, dueDate, status) => ({ policyId, daysLeft, dueDate, status: status || 'open' });
  const open = KR.outstandingOf([item('P3', 40, '2026-12-20'), item('P1', 5, '2026-10-31'), item('P9', 1, '2026-10-27', 'collected'),
    item('P2', 5, '2026-10-31'), item('P0', 5, '2026-10-30'), item('P8', -3, '2026-10-01', 'lapsed')]);
  assert.deepEqual(open.map((i) => i.policyId), ['P0', 'P1', 'P2', 'P3']);
  assert.deepEqual(KR.outstandingOf(undefined), []);
});

test('console options: the team, and a bad id is no team', () => {
  assert.equal(K.parseConsoleOptions('?team=SZ01-T1&lang=en').team, 'SZ01-T1');
  const bad = K.parseConsoleOptions('?team=a%20b');
  assert.equal(bad.team, '');
  assert.deepEqual(bad.problems, ['team']);
});

test('display: the branch star rating for the quarter, nothing without stars', () => {
  const zh = I.makeTranslator('zh-CN');
  const en = I.makeTranslator('en');
  assert.equal(D.starsText(4, zh), '★★★★ 四星职场');
  assert.equal(D.starsText(3, en), '★★★ 3-star branch');
  assert.equal(D.starsText(10, zh), '★★★★★★★★★★ 十星职场');
  assert.equal(D.starsText(0, zh), '');
  assert.equal(D.starsText(null, en), '');
  assert.equal(D.starsText(undefined, en), '');
  assert.equal(D.starsText(2.5, en), '');
});

test('console: this month\'s effective headcount from the team topic', () => {
  assert.equal(K.effectiveThisMonth({ month: { kpis: { effectiveHeadcount: 3 } } }), 3);
  assert.equal(K.effectiveThisMonth({ month: { kpis: { effectiveHeadcount: null } } }), null);
  assert.equal(K.effectiveThisMonth({ month: {} }), null);
  assert.equal(K.effectiveThisMonth(null), null);
  assert.equal(I.makeTranslator('zh-CN')('console.effective', { n: 3 }), '本月有效人力 3 人');
});

test('console: this month\'s renewal collection from the team topic', () => {
  const month = { metrics: { renewalDue: 20000, renewalDueCollected: 14000 }, kpis: { collectionRate: 0.7 } };
  assert.deepEqual(K.collectionThisMonth({ month }), { due: 20000, collected: 14000, rate: 0.7 });
  assert.deepEqual(K.collectionThisMonth({ month: { metrics: { renewalDue: 0, renewalDueCollected: 0 }, kpis: { collectionRate: null } } }),
    { due: 0, collected: 0, rate: null });
  assert.equal(K.collectionThisMonth({ month: {} }), null);
  assert.equal(K.collectionThisMonth(null), null);
  assert.equal(I.makeTranslator('zh-CN')('console.collection', { rate: '70%', collected: '¥14,000', due: '¥20,000' }), '本月收费率 70%（实收 ¥14,000 / 应收 ¥20,000）');
});
