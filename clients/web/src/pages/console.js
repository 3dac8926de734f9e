/*
 * Supervisor console: /console.html?team=SZ01-T1
 *
 * Each agent's progress against today's, this week's and this month's
 * standards as bars with a pace marker (where the bar should be by now), the
 * team's open alerts (live, with an acknowledge button), the team's
 * cumulative FYP this month against the plan line, and its renewals: this
 * month's collection grid and the open items by days left.
 *
 * Data: GET /api/v1/teams/{id} and /branches/{id} (names, time zone); the
 * members from the branch leaderboard (scope=agents, top=500) filtered by
 * team; GET /api/v1/agents/{id}/stats per member and period (with the
 * server's expected-so-far and elapsed shares); GET /api/v1/teams/{id}/renewals/grid
 * and /renewals?status=open; topics team:{id} and alerts:{id};
 * POST /api/v1/alerts/{id}/ack. With a supervisor's token
 * (`access_token`) every request and the hub carry it (lib/access.js).
 *
 * An installable app (manifest.webmanifest, the service worker sw.js): the
 * header's control subscribes this browser to Web Push (console-push.js); a
 * tapped notification opens /console.html?team={id}#alert-{alertId}, and the
 * page brings that alert into view. On a phone (narrow screen) console.css
 * stacks the panels, alerts first, and shows each agent as a card.
 */
import { trimmed, isValidId, PERIODS } from '../lib/params.js';
import { formatTime } from '../lib/format.js';
import { retryDelay, createLive } from '../lib/connection.js';
import { createStatusIndicator, renderAsOf as writeAsOf } from '../lib/status.js';
import { $, el, getJson, apiFetch } from '../lib/dom.js';
import { prepareScreen } from '../lib/page.js';
import { barsOf, teamAgainstMembers } from './console-progress.js';
import { alertText, visibleAlerts, isNewerAlert } from './console-alerts.js';
import { trendOf, drawTrend } from './console-trend.js';
import { drawRenewalGrid, drawOutstanding } from './console-renewals.js';
import { setUpPush } from './console-push.js';

/** The renewals are re-read after a team push at most this often. */
const RENEWALS_MIN_GAP_MS = 3000;

export function parseConsoleOptions(search) {
  const params = new URLSearchParams(search || '');
  const problems = [];
  let team = trimmed(params.get('team'));
  if (team && !isValidId(team)) {
    problems.push('team');
    team = '';
  }
  return {
    team,
    lang: trimmed(params.get('lang')),
    locale: trimmed(params.get('locale')),
    currency: trimmed(params.get('currency')),
    problems
  };
}

/** This month's effective headcount (有效人力) from the team topic's month stats, or null when it has none. */
export function effectiveThisMonth(teamView) {
  const kpis = teamView && teamView.month ? teamView.month.kpis : null;
  const n = kpis ? kpis.effectiveHeadcount : null;
  return typeof n === 'number' && isFinite(n) ? n : null;
}

/** This month's renewal collection from the team topic's month stats: {due, collected, rate}, or null before any stats. */
export function collectionThisMonth(teamView) {
  const month = teamView && teamView.month;
  if (!month || !month.metrics) {
    return null;
  }
  const due = month.metrics.renewalDue;
  const collected = month.metrics.renewalDueCollected;
  const rate = month.kpis ? month.kpis.collectionRate : null;
  return {
    due: typeof due === 'number' ? due : 0,
    collected: typeof collected === 'number' ? collected : 0,
    rate: typeof rate === 'number' && isFinite(rate) ? rate : null
  };
}

/** The alert a console address points at (`#alert-{id}`), or ''. */
export function alertIdOfHash(hash) {
  const match = /^#alert-(.+)$/.exec(hash || '');
  if (!match) {
    return '';
  }
  try {
    return decodeURIComponent(match[1]);
  } catch (e) {
    return '';
  }
}

/** Where the console keeps the last address it showed a team at (its query string). */
const LAST_CONSOLE_KEY = 'tracking.console.last';

/**
 * The query string to go back to when the installed app starts at its
 * manifest's bare /console.html: the saved one when it names a valid team,
 * else ''.
 */
export function resumableQuery(saved) {
  if (typeof saved !== 'string' || saved.charAt(0) !== '?') {
    return '';
  }
  return parseConsoleOptions(saved).team ? saved : '';
}

function launchedAsApp() {
  return Boolean((window.matchMedia && window.matchMedia('(display-mode: standalone)').matches) || navigator.standalone);
}

function savedConsole() {
  try {
    return window.localStorage ? window.localStorage.getItem(LAST_CONSOLE_KEY) : null;
  } catch (e) {
    return null; // storage disabled
  }
}

/**
 * Keeps this console's address for the installed app, whose start address
 * (manifest.webmanifest) names no team. The access token is part of it: the
 * app has no other way to get one back.
 */
function saveConsole(search) {
  try {
    if (window.localStorage) {
      window.localStorage.setItem(LAST_CONSOLE_KEY, search);
    }
  } catch (e) {
    // full or disabled: the app then starts at the hint
  }
}

export function boot() {
  const opts = parseConsoleOptions(location.search);
  if (!opts.team && launchedAsApp()) {
    const resume = resumableQuery(savedConsole());
    if (resume) {
      location.replace(`${location.pathname}${resume}`);
      return;
    }
  }
  if (opts.team) {
    saveConsole(location.search);
  }
  const screen = prepareScreen(opts, Boolean(opts.team), { example: '?team=SZ01-T1', titleKey: 'console.hint.title' });
  if (!screen) {
    return;
  }
  const { locale, t, fmt } = screen;
  setUpPush($('push'), t, window);

  const state = {
    team: null,          // GET /teams/{id}
    branch: null,        // GET /branches/{id}
    teamStats: null,     // last team:{id} payload
    members: [],         // [{id, name}]
    memberStats: {},     // id -> {day, week, month}
    alerts: {},          // alertId -> alert
    daily: {},           // 'YYYY-MM' -> {day: fyp}
    renewalGrid: null,   // GET /teams/{id}/renewals/grid
    renewalItems: null,  // GET /teams/{id}/renewals?status=open: items
    asOf: null
  };
  setTitle();

  function setTitle() {
    const name = state.team && state.team.name ? state.team.name : opts.team;
    $('title-team').textContent = name;
    $('title-branch').textContent = state.branch && state.branch.name ? state.branch.name : '';
    document.title = t('console.title', { team: name });
  }

  function showMessage(text) {
    $('message').hidden = !text;
    $('message').textContent = text || '';
  }

  // -------------------------------------------------- team and branch

  let teamLoading = false;

  function loadTeam(attempt) {
    if (teamLoading) {
      return;
    }
    teamLoading = true;
    getJson(`/api/v1/teams/${encodeURIComponent(opts.team)}`).then((team) => {
      state.team = team;
      return getJson(`/api/v1/branches/${encodeURIComponent(team.branchId)}`);
    }).then((branch) => {
      state.branch = branch;
      teamLoading = false;
      showMessage('');
      setTitle();
      refreshMembers();
      renderAlerts();
      scheduleRenewals();
    }, (err) => {
      if (err && err.status === 404) {
        showMessage(t('console.unknownTeam', { team: opts.team }));
      }
      setTimeout(() => {
        teamLoading = false;
        loadTeam(attempt + 1);
      }, retryDelay(attempt, null, 5000));
    });
  }
  loadTeam(0);

  // ------------------------------------------------------ status / time

  const status = createStatusIndicator(document, t, () => renderAsOf(), { locale });

  const zone = () => (state.branch ? state.branch.timeZone : '');

  function renderAsOf() {
    writeAsOf($('as-of'), t, state.asOf, status.offlineSince(), locale, zone());
  }

  function noteAsOf(asOf) {
    if (asOf && (!state.asOf || Date.parse(asOf) >= Date.parse(state.asOf))) {
      state.asOf = asOf;
      renderAsOf();
    }
  }

  // ---------------------------------------------------------- members

  let refreshing = false;
  let refreshAgain = false;
  let refreshTimer = null;

  function scheduleRefresh(delay) {
    if (refreshTimer !== null) {
      return;
    }
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      refreshMembers();
    }, delay);
  }

  function readMemberStats(member, kind) {
    return getJson(`/api/v1/agents/${encodeURIComponent(member.id)}/stats?period=${kind}`).then((s) => {
      state.memberStats[member.id] = state.memberStats[member.id] || {};
      state.memberStats[member.id][kind] = s;
    }, () => { /* keep what is shown */ });
  }

  function refreshMembers() {
    if (!state.team) {
      return;
    }
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    const done = () => {
      refreshing = false;
      if (refreshAgain) {
        refreshAgain = false;
        scheduleRefresh(300);
      }
    };
    const path = `/api/v1/branches/${encodeURIComponent(state.team.branchId)}/leaderboard?metric=fyp&period=month&scope=agents&top=500`;
    getJson(path).then((board) => {
      const members = (board.entries || []).filter((e) => e.teamId === opts.team)
        .map((e) => ({ id: String(e.id), name: e.name || String(e.id) }));
      const reads = [];
      for (const m of members) {
        for (const kind of PERIODS) {
          reads.push(readMemberStats(m, kind));
        }
      }
      return Promise.all(reads).then(() => {
        state.members = members;
        renderProgress();
        renderTrend();
        renderRenewals();
      });
    }).then(done, done);
  }

  // Pace markers move with the clock: the figures (and the server's expected-so-far) are re-read now and then.
  // Days left and the grid's month move with the clock too.
  setInterval(() => {
    scheduleRefresh(0);
    scheduleRenewals();
  }, 60000);

  // --------------------------------------------------------- progress

  function membersOf(kind) {
    return state.members.map((m) => (state.memberStats[m.id] ? state.memberStats[m.id][kind] : null));
  }

  /** The team's day, week and month against the sum of its members' targets. */
  function teamPlan() {
    const plan = {};
    for (const kind of PERIODS) {
      plan[kind] = teamAgainstMembers(state.teamStats[kind], membersOf(kind));
    }
    return plan;
  }

  function renderProgress() {
    const tbody = el('tbody', { id: 'progress-rows' });
    if (state.teamStats) {
      tbody.appendChild(progressRow('team', t('console.team'), teamPlan(), true));
    }
    for (const m of state.members) {
      tbody.appendChild(progressRow(m.id, m.name, state.memberStats[m.id] || {}, false));
    }
    if (!state.members.length && state.team) {
      const empty = el('tr', { 'class': 'empty' });
      empty.appendChild(el('td', { colspan: String(PERIODS.length + 1) }, t('console.noMembers')));
      tbody.appendChild(empty);
    }
    const old = $('progress-rows');
    old.parentNode.replaceChild(tbody, old);
    $('progress').setAttribute('data-members', String(state.members.length));
  }

  function progressRow(id, name, byPeriod, isTeam) {
    const tr = el('tr', { 'class': isTeam ? 'team-row' : 'agent-row', 'data-testid': isTeam ? 'team-row' : `agent-${id}` });
    tr.appendChild(el('th', { scope: 'row', 'class': 'who', 'data-testid': isTeam ? 'team-name' : `agent-name-${id}` }, name));
    for (const kind of PERIODS) {
      const td = el('td', { 'class': 'bars', 'data-period': t(`period.${kind}`) });
      const bars = barsOf(byPeriod[kind]);
      if (!bars.length) {
        td.appendChild(el('span', { 'class': 'none' }, byPeriod[kind] ? t('console.noTarget') : '\u2026'));
      }
      for (const b of bars) {
        td.appendChild(bar(id, kind, b));
      }
      tr.appendChild(td);
    }
    return tr;
  }

  function bar(id, kind, b) {
    const node = el('div', {
      'class': `pbar pbar-${b.state}`,
      'data-testid': `bar-${id}-${kind}-${b.metric}`,
      'data-attainment': String(b.attainment),
      'data-expected': b.expected === null ? '' : String(b.expected),
      'data-state': b.state
    });
    const label = el('div', { 'class': 'plabel' });
    label.appendChild(el('span', { 'class': 'pm' }, t(`metric.${b.metric}`)));
    label.appendChild(el('span', { 'class': 'pv' }, `${fmt.metric(b.metric, b.actual)} / ${fmt.metric(b.metric, b.target)}`));
    node.appendChild(label);
    const track = el('div', { 'class': 'ptrack', title: fmt.percent(b.attainment) });
    const fill = el('div', { 'class': 'pfill' });
    fill.style.width = `${Math.max(0, Math.min(1, b.attainment)) * 100}%`;
    track.appendChild(fill);
    if (b.expected !== null) {
      const mark = el('div', { 'class': 'pmark', 'data-testid': `marker-${id}-${kind}-${b.metric}` });
      mark.style.left = `${b.expected * 100}%`;
      track.appendChild(mark);
    }
    node.appendChild(track);
    node.appendChild(el('span', { 'class': 'ppct' }, fmt.percent(b.attainment)));
    return node;
  }

  // ----------------------------------------------------------- alerts

  function upsertAlert(alert) {
    if (alert && alert.alertId && isNewerAlert(state.alerts[alert.alertId], alert)) {
      state.alerts[alert.alertId] = alert;
    }
  }

  function renderAlerts() {
    const list = el('ul', { id: 'alert-list', 'class': 'alert-list', 'data-testid': 'alert-list' });
    const shown = visibleAlerts(state.alerts);
    const open = shown.filter((a) => a.status === 'open').length;
    for (const a of shown) {
      list.appendChild(alertItem(a));
    }
    if (!shown.length) {
      list.appendChild(el('li', { 'class': 'no-alerts', 'data-testid': 'no-alerts' }, t('console.noAlerts')));
    }
    const old = $('alert-list');
    old.parentNode.replaceChild(list, old);
    $('alert-count').textContent = open ? t('console.openCount', { n: open }) : '';
    $('alerts').setAttribute('data-open', String(open));
    showLinkedAlert();
  }

  // A tapped notification opens the console at #alert-{id}: the alert arrives
  // with the snapshot, after the browser looked for the fragment, so it is
  // brought into view here, once per fragment.
  let linkedShown = '';

  function showLinkedAlert() {
    const id = alertIdOfHash(location.hash);
    const node = id ? document.getElementById(`alert-${id}`) : null;
    if (!node || linkedShown === location.hash) {
      return;
    }
    linkedShown = location.hash;
    node.classList.add('alert-linked');
    if (node.scrollIntoView) {
      node.scrollIntoView({ block: 'center' });
    }
  }
  window.addEventListener('hashchange', showLinkedAlert);

  function alertItem(a) {
    const li = el('li', { id: `alert-${a.alertId}`, 'class': `alert alert-${a.status}`, 'data-testid': `alert-${a.alertId}`, 'data-status': a.status, 'data-rule': a.rule });
    const top = el('div', { 'class': 'atop' });
    top.appendChild(el('span', { 'class': `chip chip-${a.rule}` }, t(`rule.${a.rule}`)));
    top.appendChild(el('span', { 'class': 'aname' }, a.agentName || a.agentId));
    const when = a.status === 'acknowledged' && a.acknowledgedAt
      ? t('console.acknowledged', { time: formatTime(a.acknowledgedAt, locale, zone()) })
      : t('console.raised', { time: formatTime(a.raisedAt, locale, zone()) });
    top.appendChild(el('span', { 'class': 'atime' }, when));
    li.appendChild(top);
    const body = el('div', { 'class': 'abody' });
    body.appendChild(el('span', { 'class': 'atext' }, alertText(a, t, fmt)));
    if (a.status === 'open') {
      const button = el('button', { type: 'button', 'class': 'ack', 'data-testid': `ack-${a.alertId}` }, t('console.ack'));
      button.addEventListener('click', () => acknowledge(a.alertId, button));
      body.appendChild(button);
    }
    li.appendChild(body);
    return li;
  }

  function acknowledge(alertId, button) {
    button.disabled = true;
    button.textContent = t('console.acking');
    apiFetch(`/api/v1/alerts/${encodeURIComponent(alertId)}/ack`, { method: 'POST', headers: { Accept: 'application/json' } })
      .then((r) => r.json().then((body) => {
        if (!r.ok) {
          throw new Error(body && body.detail ? body.detail : `HTTP ${r.status}`);
        }
        return body;
      }))
      .then((alert) => {
        upsertAlert(alert);
        renderAlerts();
      }, (err) => {
        button.disabled = false;
        button.textContent = t('console.ack');
        showMessage(t('console.ackFailed', { error: err && err.message ? err.message : String(err) }));
      });
  }

  // ------------------------------------------------------------ trend

  const monthKey = (stats) => (stats && stats.period ? String(stats.period.start).slice(0, 7) : '');

  let historyLoading = '';

  function loadHistory(month, today) {
    const key = monthKey(month);
    if (!key || historyLoading === key || state.daily[key]) {
      return;
    }
    historyLoading = key;
    const daily = {};
    const reads = [];
    for (let day = 1; day < today; day++) {
      const date = `${key}-${day < 10 ? `0${day}` : day}`;
      reads.push(getJson(`/api/v1/teams/${encodeURIComponent(opts.team)}/stats?period=day&date=${date}`).then((s) => {
        daily[day] = s.metrics && typeof s.metrics.fyp === 'number' ? s.metrics.fyp : 0;
      }));
    }
    Promise.all(reads).then(() => {
      state.daily[key] = daily;
      historyLoading = '';
      renderTrend();
    }, () => {
      historyLoading = '';
      setTimeout(renderTrend, 5000); // try again
    });
  }

  function renderTrend() {
    const stats = state.teamStats;
    if (!stats || !stats.month || !stats.day) {
      return;
    }
    const today = Number(String(stats.day.period.start).slice(8, 10));
    const key = monthKey(stats.month);
    if (!state.daily[key]) {
      loadHistory(stats.month, today);
      if (today > 1) {
        return;
      }
    }
    const trend = trendOf(teamAgainstMembers(stats.month, membersOf('month')), state.daily[key] || {}, today, Date.now());
    if (trend) {
      drawTrend(trend, t, fmt);
    }
  }

  // --------------------------------------------------------- renewals

  let renewalsTimer = null;
  let renewalsReadAt = 0;

  /** Re-reads the grid and the open items soon, but at most once every few seconds however often the team pushes. */
  function scheduleRenewals() {
    if (renewalsTimer !== null || !state.team) {
      return;
    }
    renewalsTimer = setTimeout(() => {
      renewalsTimer = null;
      readRenewals();
    }, Math.max(0, renewalsReadAt + RENEWALS_MIN_GAP_MS - Date.now()));
  }

  function readRenewals() {
    renewalsReadAt = Date.now();
    const path = `/api/v1/teams/${encodeURIComponent(opts.team)}/renewals`;
    Promise.all([getJson(`${path}/grid`), getJson(`${path}?status=open`)]).then((answers) => {
      state.renewalGrid = answers[0];
      state.renewalItems = answers[1].items || [];
      renderRenewals();
    }, () => { /* keep what is shown: the next push or the minute's tick reads again */ });
  }

  function renderRenewals() {
    if (!state.renewalGrid) {
      return;
    }
    const names = {};
    for (const m of state.members) {
      names[m.id] = m.name;
    }
    drawRenewalGrid(state.renewalGrid, t, fmt);
    drawOutstanding(state.renewalItems, names, t, fmt);
  }

  // ------------------------------------------------------------- live

  if (typeof window.signalR === 'undefined') {
    status.show('idle', null);
    showMessage('The SignalR client library (lib/signalr.min.js) did not load.');
    return;
  }
  const live = createLive(window.signalR, { onStatus: status.show });

  function renderEffective() {
    const n = effectiveThisMonth(state.teamStats);
    $('effective').hidden = n === null;
    $('effective').textContent = n === null ? '' : t('console.effective', { n: fmt.count(n) });
    $('effective').setAttribute('data-value', n === null ? '' : String(n));
  }

  function renderCollection() {
    const c = collectionThisMonth(state.teamStats);
    const node = $('collection');
    node.hidden = c === null;
    node.textContent = c === null ? '' : t('console.collection', { rate: fmt.percent(c.rate), collected: fmt.money(c.collected), due: fmt.money(c.due) });
    node.setAttribute('data-rate', c === null || c.rate === null ? '' : String(c.rate));
    node.setAttribute('data-due', c === null ? '' : String(c.due));
    node.setAttribute('data-collected', c === null ? '' : String(c.collected));
  }

  function onTeam(payload) {
    state.teamStats = payload;
    noteAsOf(payload.asOf);
    renderEffective();
    renderCollection();
    renderProgress();
    renderTrend();
    scheduleRefresh(400);
    scheduleRenewals();
  }

  live.watch(`team:${opts.team}`, {
    snapshot: (p) => {
      if (!state.team) {
        loadTeam(0);
      }
      onTeam(p);
    },
    push: (m, p) => { if (m === 'team') { onTeam(p); } },
    retryMaxMs: 5000
  });

  live.watch(`alerts:${opts.team}`, {
    snapshot: (p) => {
      // The snapshot is the whole list now: alerts not in it are settled.
      state.alerts = {};
      for (const alert of Array.isArray(p.alerts) ? p.alerts : []) {
        upsertAlert(alert);
      }
      noteAsOf(p.asOf);
      renderAlerts();
    },
    push: (m, p) => {
      if (m === 'alert') {
        upsertAlert(p);
        renderAlerts();
      }
    },
    retryMaxMs: 5000
  });

  renderProgress();
  renderAlerts();
  live.start();
}
