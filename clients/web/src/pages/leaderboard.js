/*
 * Live branch leaderboard: /?branch=SZ01
 *
 * Query string: branch (required), metric (fyp), period (day),
 * scope (agents), top (20), locale (browser default), access_token (sent
 * to the API and the hub, see lib/access.js).
 */
import { trimmed } from '../lib/params.js';
import { isValidLocale, makeTranslator } from '../lib/i18n.js';
import { isMoneyMetric, personName } from '../lib/format.js';
import { createLive } from '../lib/connection.js';
import { createStatusIndicator } from '../lib/status.js';
import { $, el, getJson } from '../lib/dom.js';

const SCOPES = { agents: true, teams: true };
const DEFAULTS = { metric: 'fyp', period: 'day', scope: 'agents', top: 20 };

// This page speaks English only; the words come from the shared messages.
const t = makeTranslator('en');

/**
 * Reads the page options from a query string (e.g. location.search).
 * Returns {branch, metric, period, scope, top, locale, topic, problems}.
 * `branch` is '' when missing; `problems` lists parameters that were
 * invalid and replaced by their defaults.
 */
export function parseOptions(search) {
  const params = new URLSearchParams(search || '');
  const problems = [];
  const branch = trimmed(params.get('branch'));
  const metric = trimmed(params.get('metric')) || DEFAULTS.metric;
  const period = trimmed(params.get('period')) || DEFAULTS.period;
  let scope = trimmed(params.get('scope')) || DEFAULTS.scope;
  if (!SCOPES[scope]) {
    problems.push('scope');
    scope = DEFAULTS.scope;
  }
  let top = DEFAULTS.top;
  const rawTop = trimmed(params.get('top'));
  if (rawTop) {
    if (/^\d+$/.test(rawTop) && Number(rawTop) >= 1 && Number(rawTop) <= 500) {
      top = Number(rawTop);
    } else {
      problems.push('top');
    }
  }
  let locale = trimmed(params.get('locale')) || undefined;
  if (locale && !isValidLocale(locale)) {
    problems.push('locale');
    locale = undefined;
  }
  return {
    branch,
    metric,
    period,
    scope,
    top,
    locale,
    topic: branch ? buildTopic(branch, metric, period, scope, top) : '',
    problems
  };
}

/** This page always names its top (the server treats the topic the same either way). */
export function buildTopic(branch, metric, period, scope, top) {
  return `leaderboard:${branch}:${metric}:${period}:${scope}:${top}`;
}

/** Money with two decimals (this page is a table to read up close), counts with up to two. */
export function makeValueFormatter(metric, locale) {
  const nf = new Intl.NumberFormat(locale, isMoneyMetric(metric)
    ? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
    : { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  return (value) => (typeof value !== 'number' || !isFinite(value) ? '\u2014' : nf.format(value));
}

// "2026-11-23T00:00:00+08:00" -> [2026, 10, 23] (month 0-based), read as
// written: the branch's local date, whatever the screen's time zone is.
function localDateParts(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(typeof iso === 'string' ? iso : '');
  return m ? [Number(m[1]), Number(m[2]) - 1, Number(m[3])] : null;
}

export function formatPeriod(period, locale) {
  if (!period || typeof period !== 'object') {
    return '';
  }
  const label = t(`period.${period.kind}`) !== `period.${period.kind}` ? t(`period.${period.kind}`) : (period.kind || '');
  const start = localDateParts(period.start);
  if (!start) {
    return label;
  }
  let dayFmt;
  try {
    dayFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch (e) {
    dayFmt = { format: (x) => x.toISOString().slice(0, 10) };
  }
  let range = dayFmt.format(new Date(Date.UTC(start[0], start[1], start[2])));
  // `end` is exclusive: show the last day that is included.
  const end = localDateParts(period.end);
  if (end) {
    const endsAtMidnight = /T00:00(:00(\.0+)?)?/.test(period.end);
    const lastText = dayFmt.format(new Date(Date.UTC(end[0], end[1], end[2] - (endsAtMidnight ? 1 : 0))));
    if (lastText !== range) {
      range += ` \u2013 ${lastText}`;
    }
  }
  return `${label} \u00b7 ${range}`;
}

function formatDateTime(iso, locale) {
  const d = new Date(iso);
  if (!iso || isNaN(d.getTime())) {
    return iso ? String(iso) : '\u2014';
  }
  try {
    return new Intl.DateTimeFormat(locale, {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
    }).format(d);
  } catch (e) {
    return d.toLocaleString();
  }
}

function showMessage(text, kind) {
  const node = $('message');
  node.hidden = !text;
  node.className = text ? `message message-${kind || 'info'}` : 'message';
  node.textContent = text || '';
}

function errorText(err) {
  return err ? (err.message ? err.message : String(err)) : 'unknown error';
}

// Best effort: show the branch's name next to its id (the page works
// without it, e.g. when the token may not read the branch).
function showBranchName(branchId, metricLabel) {
  if (typeof fetch !== 'function') {
    return;
  }
  getJson(`/api/v1/branches/${encodeURIComponent(branchId)}`)
    .then((branch) => {
      if (branch && typeof branch.name === 'string' && branch.name && branch.name !== branchId) {
        $('title-branch').textContent = branch.name;
        $('title-branch').setAttribute('title', branchId);
        document.title = `${branch.name} \u00b7 ${metricLabel} leaderboard`;
      }
    })
    .catch(() => { /* keep the id */ });
}

export function boot() {
  const opts = parseOptions(location.search);
  const status = createStatusIndicator(document, t);
  const paramWarning = opts.problems.length ? `Ignored invalid parameter(s): ${opts.problems.join(', ')}` : '';
  if (!opts.branch) {
    const example = `${location.pathname}?branch=SZ01&metric=fyp&period=day&scope=agents&top=20`;
    $('hint').hidden = false;
    $('hint-example').textContent = example;
    $('hint-example').setAttribute('href', example);
    $('board').hidden = true;
    status.show('idle', null);
    document.title = 'Leaderboard \u2014 choose a branch';
    showMessage(paramWarning, 'warn');
    return;
  }
  showMessage(paramWarning, 'warn');

  const metricLabel = t(`metric.${opts.metric}`) !== `metric.${opts.metric}` ? t(`metric.${opts.metric}`) : opts.metric;
  const formatValue = makeValueFormatter(opts.metric, opts.locale);
  const showTeam = opts.scope !== 'teams';
  let lastValues = {};        // id -> value, to highlight changes

  const board = $('board');
  board.hidden = false;
  board.setAttribute('data-topic', opts.topic);
  $('hint').hidden = true;
  $('title-branch').textContent = opts.branch;
  $('title-metric').textContent = metricLabel;
  $('title-scope').textContent = opts.scope === 'teams' ? 'Teams' : 'Agents';
  $('period').textContent = t(`period.${opts.period}`);
  $('col-team').hidden = !showTeam;
  $('col-value').textContent = metricLabel;
  document.title = `${opts.branch} \u00b7 ${metricLabel} leaderboard`;
  showBranchName(opts.branch, metricLabel);

  function row(e) {
    const id = String(e.id);
    const tr = el('tr', { 'data-testid': `row-${id}`, 'data-id': id });
    if (e.rank === 1 || e.rank === 2 || e.rank === 3) {
      tr.className = `top top-${e.rank}`;
    }
    tr.appendChild(el('td', { 'class': 'rank', 'data-testid': `rank-${id}` }, e.rank));
    const name = showTeam ? personName(e.name, 'full', t('name.hidden')) : (e.name || id);
    tr.appendChild(el('td', { 'class': 'name', 'data-testid': `name-${id}` }, name));
    if (showTeam) {
      tr.appendChild(el('td', { 'class': 'team', 'data-testid': `team-${id}` }, e.teamId || '\u2014'));
    }
    const valueCell = el('td', { 'class': 'value', 'data-testid': `value-${id}` }, formatValue(e.value));
    valueCell.setAttribute('data-value', String(e.value));
    if (Object.prototype.hasOwnProperty.call(lastValues, id) && lastValues[id] !== e.value) {
      tr.className += `${tr.className ? ' ' : ''}changed`;
    }
    tr.appendChild(valueCell);
    return tr;
  }

  function render(payload) {
    const entries = Array.isArray(payload.entries) ? payload.entries : [];
    const tbody = el('tbody', { id: 'rows' });
    const seenValues = {};
    for (const e of entries) {
      tbody.appendChild(row(e || {}));
      seenValues[String((e || {}).id)] = (e || {}).value;
    }
    if (!entries.length) {
      const empty = el('tr', { 'class': 'empty', 'data-testid': 'empty' });
      empty.appendChild(el('td', { colspan: showTeam ? '4' : '3' }, 'No results yet for this period.'));
      tbody.appendChild(empty);
    }
    lastValues = seenValues;
    const old = $('rows');
    old.parentNode.replaceChild(tbody, old);

    const asOf = $('as-of');
    asOf.textContent = formatDateTime(payload.asOf, opts.locale);
    asOf.setAttribute('datetime', payload.asOf || '');
    $('version').textContent = String(payload.version);
    board.setAttribute('data-version', String(payload.version));
    const periodText = formatPeriod(payload.period, opts.locale);
    if (periodText) {
      $('period').textContent = periodText;
    }
  }

  if (typeof window.signalR === 'undefined') {
    status.show('idle', null);
    showMessage('The SignalR client library (lib/signalr.min.js) did not load.', 'error');
    return;
  }
  const live = createLive(window.signalR, { onStatus: status.show });
  live.watch(opts.topic, {
    snapshot: render,
    push: (m, p) => { if (m === 'leaderboard') { render(p); } },
    subscribed: () => showMessage(paramWarning, 'warn'),
    error: (err) => showMessage(`Could not subscribe to ${opts.topic}: ${errorText(err)}`, 'error')
  });
  live.start();
}
