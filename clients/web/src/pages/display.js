/*
 * Office TV display: /display.html?branch=SZ01
 *
 * The live branch leaderboard (metric and period switchable by query string
 * and on-screen keys), team totals, the running campaign's scoreboard with a
 * countdown (?campaign=ID), and a "battle report" banner for every
 * `celebration` on branch:{id}. Privacy options for public screens: only the
 * top N, names as the branch wants them (full, or surname + initial). With
 * a display token (`access_token`) the server shapes the boards by the
 * branch's display policy; a name it leaves out shows as a placeholder.
 * See clients/web/README.md for the query parameters.
 */
import { METRICS, BOARD_PERIODS, trimmed, intParam, flagParam, isValidId, leaderboardTopic, cycle } from '../lib/params.js';
import { formatTime, formatCountdown, personName } from '../lib/format.js';
import { retryDelay, createLive } from '../lib/connection.js';
import { createStatusIndicator, renderAsOf as writeAsOf } from '../lib/status.js';
import { $, el, getJson } from '../lib/dom.js';
import { prepareScreen } from '../lib/page.js';
import { renderCampaign as drawCampaign, campaignCountdown } from './display-campaign.js';
import { createCelebrations } from './display-celebrations.js';

const DEFAULT_TOP = 10;
const PRIVACY_TOP = 5;
const TEAMS_TOP = 20;
const MOVE_MARK_MS = 10000;

/**
 * The display's options from its query string. Invalid values fall back to
 * their defaults and are listed in `problems`.
 */
export function parseDisplayOptions(search) {
  const params = new URLSearchParams(search || '');
  const problems = [];
  let branch = trimmed(params.get('branch'));
  if (branch && !isValidId(branch)) {
    problems.push('branch');
    branch = '';
  }
  let metrics = METRICS.slice();
  const rawMetrics = trimmed(params.get('metrics'));
  if (rawMetrics) {
    const listed = rawMetrics.split(',').map(trimmed).filter((m) => METRICS.indexOf(m) >= 0);
    if (listed.length) {
      metrics = listed;
    } else {
      problems.push('metrics');
    }
  }
  let metric = trimmed(params.get('metric')) || metrics[0];
  if (METRICS.indexOf(metric) < 0) {
    problems.push('metric');
    metric = metrics[0];
  }
  if (metrics.indexOf(metric) < 0) {
    metrics.unshift(metric);
  }
  let period = trimmed(params.get('period')) || 'day';
  if (BOARD_PERIODS.indexOf(period) < 0) {
    problems.push('period');
    period = 'day';
  }
  const privacy = flagParam(params, 'privacy', false);
  const top = intParam(params, 'top', 1, 50, privacy ? PRIVACY_TOP : DEFAULT_TOP, problems);
  let names = trimmed(params.get('names')) || (privacy ? 'initial' : 'full');
  if (names !== 'full' && names !== 'initial') {
    problems.push('names');
    names = privacy ? 'initial' : 'full';
  }
  let campaign = trimmed(params.get('campaign'));
  if (campaign && !isValidId(campaign)) {
    problems.push('campaign');
    campaign = '';
  }
  return {
    branch,
    metric,
    metrics,
    period,
    top,
    privacy,
    names,
    teams: flagParam(params, 'teams', true),
    campaign,
    celebrate: flagParam(params, 'celebrate', true),
    rotate: intParam(params, 'rotate', 0, 3600, 0, problems),
    lang: trimmed(params.get('lang')),
    locale: trimmed(params.get('locale')),
    currency: trimmed(params.get('currency')),
    problems
  };
}

/**
 * The caption of a period: "Today · 11/24", "This week · 11/23 – 11/29",
 * "This month · November 2026", "This quarter · 2026 Q4", "This year · 2026",
 * read in the branch's local dates.
 */
export function periodCaption(period, kind, locale, t) {
  const label = t(`period.${kind}`);
  if (!period || typeof period !== 'object') {
    return label;
  }
  const s = /^(\d{4})-(\d{2})-(\d{2})/.exec(period.start || '');
  const e = /^(\d{4})-(\d{2})-(\d{2})/.exec(period.end || '');
  if (!s) {
    return label;
  }
  const start = new Date(Date.UTC(Number(s[1]), Number(s[2]) - 1, Number(s[3])));
  try {
    if (kind === 'year') {
      return `${label} \u00b7 ${s[1]}`;
    }
    if (kind === 'quarter') {
      return `${label} \u00b7 ${s[1]} Q${Math.floor((Number(s[2]) - 1) / 3) + 1}`;
    }
    if (kind === 'month') {
      return `${label} \u00b7 ${new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(start)}`;
    }
    const dayFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
    let text = dayFmt.format(start);
    if (kind === 'week' && e) {
      const last = new Date(Date.UTC(Number(e[1]), Number(e[2]) - 1, Number(e[3]) - 1)); // end is exclusive
      text += ` \u2013 ${dayFmt.format(last)}`;
    }
    return `${label} \u00b7 ${text}`;
  } catch (err) {
    return label;
  }
}

/**
 * How many places each agent gained since the board before: the number of
 * agents on both boards that were strictly ahead of it and are now strictly
 * behind it. Ranks are shared on ties, so a rank number can fall without
 * anyone being passed (everyone at 0 after a restart shares rank 1): only
 * passing someone is a move.
 * `before` maps agent id to its earlier rank; returns id -> places gained (> 0 only).
 */
export function placesGained(before, entries) {
  const gained = {};
  for (const a of entries) {
    const was = before[a.id];
    if (was === undefined) {
      continue;
    }
    let passed = 0;
    for (const b of entries) {
      const bWas = before[b.id];
      if (b.id !== a.id && bWas !== undefined && bWas < was && b.rank > a.rank) {
        passed++;
      }
    }
    if (passed > 0) {
      gained[a.id] = passed;
    }
  }
  return gained;
}

const CHINESE_NUMERALS = ['', '\u4e00', '\u4e8c', '\u4e09', '\u56db', '\u4e94', '\u516d', '\u4e03', '\u516b', '\u4e5d', '\u5341'];

/**
 * The branch's star rating for the quarter ("★★★★ 四星职场", "★★★★ 4-star branch"),
 * or '' when it has none (0, null: nothing to show on the screen).
 */
export function starsText(stars, t) {
  const n = Number(stars);
  if (!(n >= 1 && n <= 10) || Math.floor(n) !== n) {
    return '';
  }
  return t('display.stars', { marks: new Array(n + 1).join('\u2605'), n, cn: CHINESE_NUMERALS[n] });
}

function metricLabel(t, metric) {
  return t(`metric.${metric}`);
}

export function boot() {
  const opts = parseDisplayOptions(location.search);
  const screen = prepareScreen(opts, Boolean(opts.branch), { example: '?branch=SZ01', titleKey: 'display.hint.title' });
  if (!screen) {
    return;
  }
  const { locale, t, fmt } = screen;

  const state = {
    metric: opts.metric,
    period: opts.period,
    agentsTopic: '',
    teamsTopic: '',
    branchName: opts.branch,
    timeZone: '',
    asOf: null,
    teamNames: {},
    agentIds: {},
    campaign: null,
    lastTeams: null,
    teamCount: 0
  };
  let rowsById = {};
  let leavingRows = {};   // rows fading out, removed from the page after their transition
  let lastRanks = {};     // agent id -> rank on the board shown before
  const teamRowsById = {};

  document.body.classList.toggle('privacy', opts.privacy);
  $('board').style.setProperty('--slots', String(opts.top));
  $('teams').hidden = !opts.teams;
  $('privacy').hidden = !opts.privacy;
  $('privacy').textContent = t('display.privacy', { top: opts.top });
  if (opts.problems.length) {
    $('message').hidden = false;
    $('message').textContent = `Ignored invalid parameter(s): ${opts.problems.join(', ')}`;
  }
  setTitle();

  function setTitle() {
    $('title-branch').textContent = state.branchName;
    document.title = t('display.title', { branch: state.branchName });
  }

  function loadBranch(attempt) {
    getJson(`/api/v1/branches/${encodeURIComponent(opts.branch)}`).then((b) => {
      if (b && typeof b.name === 'string' && b.name) {
        state.branchName = b.name;
      }
      state.timeZone = b && b.timeZone ? b.timeZone : '';
      setTitle();
      renderAsOf();
    }, () => {
      setTimeout(() => loadBranch(attempt + 1), retryDelay(attempt, null, 30000));
    });
  }
  loadBranch(0);

  // ------------------------------------------------------ status / time

  const status = createStatusIndicator(document, t, () => renderAsOf(), { locale });

  function renderAsOf() {
    writeAsOf($('as-of'), t, state.asOf, status.offlineSince(), locale, state.timeZone);
  }

  function tick() {
    $('clock').textContent = formatTime(new Date().toISOString(), locale, state.timeZone);
    renderCountdown();
  }
  setInterval(tick, 1000);
  tick();

  // -------------------------------------------------------- the boards

  function displayName(entry) {
    return personName(entry.name, opts.names, t('name.hidden'));
  }

  function layoutBoard() {
    // Type as large as a row allows, but narrow enough for a name and a value side by side.
    const rows = $('rows');
    const h = rows.clientHeight / opts.top;
    if (h > 0) {
      rows.style.fontSize = `${Math.max(12, Math.min(h * 0.46, rows.clientWidth / 20)).toFixed(1)}px`;
      $('head').style.fontSize = rows.style.fontSize;
    }
    const teamRows = $('team-rows');
    const th = teamRows.clientHeight / Math.max(1, teamSlots());
    if (th > 0) {
      teamRows.style.fontSize = `${Math.max(11, Math.min(th * 0.42, teamRows.clientWidth / 14)).toFixed(1)}px`;
    }
  }

  // Team rows fill the panel (between 4 and 8 of them; 5 at most beside a campaign).
  function teamSlots() {
    const max = state.campaign ? 5 : 8;
    return Math.max(4, Math.min(max, state.teamCount || 0));
  }

  function clearBoard() {
    const rows = $('rows');
    while (rows.firstChild) {
      rows.removeChild(rows.firstChild);
    }
    rowsById = {};
    for (const id of Object.keys(leavingRows)) {
      clearTimeout(leavingRows[id].removeTimer);
    }
    leavingRows = {};
    lastRanks = {};
    $('board').removeAttribute('data-version');
    $('empty').hidden = true;
  }

  function renderAgents(payload) {
    if (payload.topic !== state.agentsTopic) {
      return;
    }
    const entries = (Array.isArray(payload.entries) ? payload.entries : []).slice(0, opts.top)
      .map((e) => Object.assign({}, e, { id: String((e || {}).id) }));
    const gained = placesGained(lastRanks, entries);
    const rows = $('rows');
    const now = Date.now();
    const present = {};
    lastRanks = {};
    entries.forEach((e, i) => {
      const id = e.id;
      state.agentIds[id] = true;
      present[id] = true;
      lastRanks[id] = e.rank;
      let row = rowsById[id];
      if (!row && leavingRows[id]) {
        // Back before it finished leaving (e.g. an empty board for a moment): keep the same row.
        row = leavingRows[id];
        clearTimeout(row.removeTimer);
        delete leavingRows[id];
        rowsById[id] = row;
      }
      const isNew = !row;
      if (isNew) {
        row = createAgentRow(id);
        rowsById[id] = row;
        rows.appendChild(row.node);
      }
      const n = row.node;
      n.classList.remove('leaving');
      n.style.transform = `translateY(${i * 100}%)`;
      n.classList.remove('top-1', 'top-2', 'top-3');
      if (e.rank <= 3) {
        n.classList.add(`top-${e.rank}`);
      }
      if (isNew) {
        n.classList.add('entering');
        setTimeout(() => n.classList.remove('entering'), 50);
      }
      if (gained[id]) {
        row.movedAt = now;
        row.moveText = `\u25b2${gained[id]}`;
      }
      row.rankCell.textContent = String(e.rank);
      row.nameCell.textContent = displayName(e);
      row.teamId = e.teamId || '';
      row.teamCell.textContent = state.teamNames[row.teamId] || row.teamId;
      if (row.value !== e.value) {
        if (row.value !== undefined) {
          n.classList.add('changed');
          setTimeout(() => n.classList.remove('changed'), 1600);
        }
        row.value = e.value;
        row.valueCell.textContent = fmt.metric(state.metric, e.value);
        row.valueCell.setAttribute('data-value', String(e.value));
        n.setAttribute('data-updated-at', String(now));
      }
      const moving = row.movedAt && now - row.movedAt < MOVE_MARK_MS;
      row.moveCell.textContent = moving ? row.moveText : '';
      n.setAttribute('data-rank', String(e.rank));
    });
    for (const oldId of Object.keys(rowsById)) {
      if (!present[oldId]) {
        removeRow(oldId);
      }
    }
    $('empty').hidden = entries.length > 0;
    $('board').setAttribute('data-version', String(payload.version));
    $('board').setAttribute('data-topic', payload.topic);
    $('period').textContent = periodCaption(payload.period, state.period, locale, t);
    state.asOf = payload.asOf || null;
    renderAsOf();
  }

  function removeRow(id) {
    const row = rowsById[id];
    delete rowsById[id];
    leavingRows[id] = row;
    row.node.classList.add('leaving');
    row.removeTimer = setTimeout(() => {
      if (leavingRows[id] === row) {
        delete leavingRows[id];
      }
      if (row.node.parentNode) {
        row.node.parentNode.removeChild(row.node);
      }
    }, 700);
  }

  function createAgentRow(id) {
    const node = el('div', { 'class': 'row', 'data-testid': `row-${id}`, 'data-id': id });
    const rankCell = el('span', { 'class': 'rank', 'data-testid': `rank-${id}` });
    const who = el('span', { 'class': 'who' });
    const nameCell = el('span', { 'class': 'name', 'data-testid': `name-${id}` });
    const teamCell = el('span', { 'class': 'team', 'data-testid': `team-${id}` });
    who.appendChild(nameCell);
    who.appendChild(teamCell);
    const moveCell = el('span', { 'class': 'move', 'data-testid': `move-${id}` });
    const valueCell = el('span', { 'class': 'value', 'data-testid': `value-${id}` });
    node.appendChild(rankCell);
    node.appendChild(who);
    node.appendChild(moveCell);
    node.appendChild(valueCell);
    return { node, rankCell, nameCell, teamCell, moveCell, valueCell };
  }

  function renderTeams(payload) {
    if (!payload || payload.topic !== state.teamsTopic) {
      return;
    }
    state.lastTeams = payload;
    const entries = Array.isArray(payload.entries) ? payload.entries : [];
    for (const e of entries) {
      state.teamNames[e.id] = e.name || e.id;
    }
    for (const rid of Object.keys(rowsById)) {
      const r = rowsById[rid];
      if (r.teamId && state.teamNames[r.teamId]) {
        r.teamCell.textContent = state.teamNames[r.teamId];
      }
    }
    state.teamCount = entries.length;
    const list = $('team-rows');
    const slots = teamSlots();
    list.style.setProperty('--slots', String(slots));
    const present = {};
    entries.slice(0, slots).forEach((e, i) => {
      const id = String(e.id);
      present[id] = true;
      let row = teamRowsById[id];
      if (!row) {
        const node = el('div', { 'class': 'trow', 'data-testid': `teamrow-${id}` });
        row = {
          node,
          rank: el('span', { 'class': 'rank' }),
          name: el('span', { 'class': 'name' }),
          value: el('span', { 'class': 'value', 'data-testid': `teamvalue-${id}` })
        };
        node.appendChild(row.rank);
        node.appendChild(row.name);
        node.appendChild(row.value);
        teamRowsById[id] = row;
        list.appendChild(node);
      }
      row.node.style.transform = `translateY(${i * 100}%)`;
      row.node.className = `trow${e.rank === 1 ? ' top-1' : ''}`;
      row.rank.textContent = String(e.rank);
      row.name.textContent = e.name || id;
      row.value.textContent = fmt.metric(state.metric, e.value);
      row.value.setAttribute('data-value', String(e.value));
    });
    for (const oldId of Object.keys(teamRowsById)) {
      if (!present[oldId]) {
        const gone = teamRowsById[oldId].node;
        if (gone.parentNode) {
          gone.parentNode.removeChild(gone);
        }
        delete teamRowsById[oldId];
      }
    }
    $('teams').setAttribute('data-version', String(payload.version));
    layoutBoard();
  }

  function showError(err) {
    $('message').hidden = false;
    $('message').textContent = err && err.message ? err.message.replace(/^.*HubException:\s*/, '') : String(err);
  }

  function clearError() {
    if (!opts.problems.length) {
      $('message').hidden = true;
    }
  }

  // ------------------------------------------------------------- live

  if (typeof window.signalR === 'undefined') {
    status.show('idle', null);
    showError(new Error('The SignalR client library (lib/signalr.min.js) did not load.'));
    return;
  }
  const live = createLive(window.signalR, { onStatus: status.show });

  function watchBoards() {
    state.agentsTopic = leaderboardTopic(opts.branch, state.metric, state.period, 'agents', opts.top);
    state.teamsTopic = leaderboardTopic(opts.branch, state.metric, state.period, 'teams', TEAMS_TOP);
    const label = metricLabel(t, state.metric);
    $('title-metric').textContent = label;
    $('col-value').textContent = label;
    $('teams-title').textContent = `${t('display.teams')} \u00b7 ${label}`;
    $('period').textContent = t(`period.${state.period}`);
    document.body.setAttribute('data-metric', state.metric);
    document.body.setAttribute('data-period', state.period);
    live.watch(state.agentsTopic, {
      snapshot: renderAgents,
      push: (m, p) => { if (m === 'leaderboard') { renderAgents(p); } },
      subscribed: clearError,
      error: showError
    });
    if (opts.teams) {
      live.watch(state.teamsTopic, {
        snapshot: renderTeams,
        push: (m, p) => { if (m === 'leaderboard') { renderTeams(p); } }
      });
    }
  }

  function switchTo(metric, period) {
    if (metric === state.metric && period === state.period) {
      return;
    }
    live.unwatch(state.agentsTopic);
    live.unwatch(state.teamsTopic);
    state.lastTeams = null;
    clearBoard();
    state.metric = metric;
    state.period = period;
    watchBoards();
    if (window.history && window.history.replaceState) {
      const params = new URLSearchParams(location.search);
      params.set('metric', metric);
      params.set('period', period);
      window.history.replaceState(null, '', `${location.pathname}?${params.toString()}`);
    }
  }

  watchBoards();

  // The branch topic's state is the current quarter's star rating (a display token may not read branch stats).
  function renderStars(payload) {
    const text = starsText(payload ? payload.stars : null, t);
    $('stars').textContent = text;
    $('stars').hidden = !text;
    $('stars').setAttribute('data-stars', String(payload && typeof payload.stars === 'number' ? payload.stars : ''));
  }

  const celebrations = createCelebrations(t, fmt, opts.names);
  live.watch(`branch:${opts.branch}`, {
    snapshot: renderStars,
    push: (m, p) => {
      if (m === 'celebration' && opts.celebrate) {
        celebrations.add(p);
      } else if (m === 'branch') {
        renderStars(p);
      }
    }
  });

  // --------------------------------------------------------- campaign

  function hideCampaign() {
    state.campaign = null;
    $('campaign').hidden = true;
    document.body.classList.remove('with-campaign');
    renderTeams(state.lastTeams);
    layoutBoard();
  }

  function renderCampaign(payload) {
    if (!payload || (payload.campaignId && payload.campaignId !== opts.campaign)) {
      return;
    }
    state.campaign = payload;
    drawCampaign(payload, { fallbackName: opts.campaign, names: opts.names, hiddenName: t('name.hidden'), agentIds: state.agentIds, fmt });
    renderCountdown();
    renderTeams(state.lastTeams);
    layoutBoard();
  }

  function renderCountdown() {
    if (state.campaign) {
      $('campaign-countdown').textContent = campaignCountdown(state.campaign, Date.now(), t, formatCountdown);
    }
  }

  if (opts.campaign) {
    live.watch(`campaign:${opts.campaign}`, {
      snapshot: renderCampaign,
      push: (m, p) => { if (m === 'campaign') { renderCampaign(p); } },
      // Not known (yet): no panel, and no reason to say the screen is not live;
      // asked again now and then in case it is created.
      error: hideCampaign,
      retryMaxMs: 30000,
      optional: true
    });
  }

  // --------------------------------------------------------------- keys

  const KEYS = {
    ArrowRight: () => switchTo(cycle(opts.metrics, state.metric, 1), state.period),
    m: () => switchTo(cycle(opts.metrics, state.metric, 1), state.period),
    M: () => switchTo(cycle(opts.metrics, state.metric, 1), state.period),
    ArrowLeft: () => switchTo(cycle(opts.metrics, state.metric, -1), state.period),
    ArrowUp: () => switchTo(state.metric, cycle(BOARD_PERIODS, state.period, -1)),
    ArrowDown: () => switchTo(state.metric, cycle(BOARD_PERIODS, state.period, 1)),
    p: () => switchTo(state.metric, cycle(BOARD_PERIODS, state.period, 1)),
    P: () => switchTo(state.metric, cycle(BOARD_PERIODS, state.period, 1)),
    1: () => switchTo(state.metric, 'day'),
    d: () => switchTo(state.metric, 'day'),
    2: () => switchTo(state.metric, 'week'),
    w: () => switchTo(state.metric, 'week'),
    3: () => switchTo(state.metric, 'month'),
    4: () => switchTo(state.metric, 'quarter'),
    q: () => switchTo(state.metric, 'quarter'),
    5: () => switchTo(state.metric, 'year'),
    y: () => switchTo(state.metric, 'year')
  };
  document.addEventListener('keydown', (ev) => {
    const action = Object.prototype.hasOwnProperty.call(KEYS, ev.key) ? KEYS[ev.key] : null;
    if (action) {
      action();
      ev.preventDefault();
    }
  });

  if (opts.rotate > 0) {
    setInterval(() => switchTo(cycle(opts.metrics, state.metric, 1), state.period), opts.rotate * 1000);
  }

  // Type follows the space the rows get (window size, a message bar coming and going, the campaign panel).
  let layoutQueued = false;
  function queueLayout() {
    if (layoutQueued) {
      return;
    }
    layoutQueued = true;
    (window.requestAnimationFrame || setTimeout)(() => {
      layoutQueued = false;
      layoutBoard();
    });
  }
  window.addEventListener('resize', queueLayout);
  if (typeof window.ResizeObserver === 'function') {
    const observer = new window.ResizeObserver(queueLayout);
    observer.observe($('rows'));
    observer.observe($('team-rows'));
  }
  layoutBoard();
  live.start();
}
