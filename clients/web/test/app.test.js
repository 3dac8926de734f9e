// Unit tests of the leaderboard page's pure helpers: node --test test/
import test from 'node:test';
import assert from 'node:assert/strict';
import * as core from '../src/pages/leaderboard.js';

test('parseOptions applies defaults and builds the topic', () => {
  const o = core.parseOptions('?branch=SZ01');
  assert.equal(o.branch, 'SZ01');
  assert.equal(o.metric, 'fyp');
  assert.equal(o.period, 'day');
  assert.equal(o.scope, 'agents');
  assert.equal(o.top, 20);
  assert.equal(o.topic, 'leaderboard:SZ01:fyp:day:agents:20');
  assert.deepEqual(o.problems, []);
});

test('parseOptions reads every parameter', () => {
  const o = core.parseOptions('?branch=SZ02&metric=visits&period=month&scope=teams&top=5');
  assert.equal(o.topic, 'leaderboard:SZ02:visits:month:teams:5');
});

test('parseOptions without branch gives no topic', () => {
  for (const q of ['', '?', '?branch=', '?branch=%20&metric=fyp']) {
    const o = core.parseOptions(q);
    assert.equal(o.branch, '');
    assert.equal(o.topic, '');
  }
});

test('parseOptions replaces invalid top and scope with defaults', () => {
  for (const top of ['0', '501', '-3', 'abc', '2.5']) {
    const o = core.parseOptions('?branch=B&top=' + top);
    assert.equal(o.top, 20, top);
    assert.deepEqual(o.problems, ['top']);
  }
  assert.equal(core.parseOptions('?branch=B&top=500').top, 500);
  const s = core.parseOptions('?branch=B&scope=branches');
  assert.equal(s.scope, 'agents');
  assert.deepEqual(s.problems, ['scope']);
});

test('money metrics get two decimals, counts none', () => {
  const money = core.makeValueFormatter('fyp', 'en-US');
  assert.equal(money(12000), '12,000.00');
  assert.equal(money(1234.5), '1,234.50');
  assert.equal(core.makeValueFormatter('renewalCollected', 'en-US')(3500), '3,500.00');
  assert.equal(core.makeValueFormatter('visits', 'en-US')(15), '15');
  assert.equal(money(null), '\u2014');
});

test('formatPeriod shows the branch-local dates, end exclusive', () => {
  const day = { kind: 'day', start: '2026-11-23T00:00:00+08:00', end: '2026-11-24T00:00:00+08:00' };
  assert.equal(core.formatPeriod(day, 'en-US'), 'Today \u00b7 11/23/2026');
  const month = { kind: 'month', start: '2026-11-01T00:00:00+08:00', end: '2026-12-01T00:00:00+08:00' };
  assert.equal(core.formatPeriod(month, 'en-US'), 'This month \u00b7 11/01/2026 \u2013 11/30/2026');
  const week = { kind: 'week', start: '2026-12-28T00:00:00-05:00', end: '2027-01-04T00:00:00-05:00' };
  assert.equal(core.formatPeriod(week, 'en-US'), 'This week \u00b7 12/28/2026 \u2013 01/03/2027');
  assert.equal(core.formatPeriod({ kind: 'day' }, 'en-US'), 'Today');
  assert.equal(core.formatPeriod(null, 'en-US'), '');
});
