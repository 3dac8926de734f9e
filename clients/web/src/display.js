/*
 * Office TV display: /display.html?branch=SZ01
 *
 * The live branch leaderboard (metric and period switchable by query string
 * and on-screen keys), team totals, the running campaign's scoreboard with a
 * countdown (?campaign=ID), and a "battle report" banner for every
 * `celebration` on branch:{id}. Privacy options for public screens: only the
 * top N, names as the branch wants them (full, or surname + initial).
 *
 * Needs lib/signalr.min.js and common.js first. See clients/web/README.md for
 * the query parameters.
 */
(function (root) {
  'use strict';

  var C = typeof module === 'object' && module && module.exports ? require('./common.js') : root.TrackingCommon;

  var DEFAULT_TOP = 10;
  var PRIVACY_TOP = 5;
  var TEAMS_TOP = 20;
  var CELEBRATION_MS = 6000;
  var MOVE_MARK_MS = 10000;

  /**
   * The display's options from its query string. Invalid values fall back to
   * their defaults and are listed in `problems`.
   */
  function parseDisplayOptions(search) {
    var params = new URLSearchParams(search || '');
    var problems = [];
    var branch = C.trimmed(params.get('branch'));
    if (branch && !C.isValidId(branch)) {
      problems.push('branch');
      branch = '';
    }
    var metrics = C.METRICS.slice();
    var rawMetrics = C.trimmed(params.get('metrics'));
    if (rawMetrics) {
      var listed = rawMetrics.split(',').map(C.trimmed).filter(function (m) { return C.METRICS.indexOf(m) >= 0; });
      if (listed.length) {
        metrics = listed;
      } else {
        problems.push('metrics');
      }
    }
    var metric = C.trimmed(params.get('metric')) || metrics[0];
    if (C.METRICS.indexOf(metric) < 0) {
      problems.push('metric');
      metric = metrics[0];
    }
    if (metrics.indexOf(metric) < 0) {
      metrics.unshift(metric);
    }
    var period = C.trimmed(params.get('period')) || 'day';
    if (C.PERIODS.indexOf(period) < 0) {
      problems.push('period');
      period = 'day';
    }
    var privacy = C.flagParam(params, 'privacy', false);
    var top = C.intParam(params, 'top', 1, 50, privacy ? PRIVACY_TOP : DEFAULT_TOP, problems);
    var names = C.trimmed(params.get('names')) || (privacy ? 'initial' : 'full');
    if (names !== 'full' && names !== 'initial') {
      problems.push('names');
      names = privacy ? 'initial' : 'full';
    }
    var campaign = C.trimmed(params.get('campaign'));
    if (campaign && !C.isValidId(campaign)) {
      problems.push('campaign');
      campaign = '';
    }
    return {
      branch: branch,
      metric: metric,
      metrics: metrics,
      period: period,
      top: top,
      privacy: privacy,
      names: names,
      teams: C.flagParam(params, 'teams', true),
      campaign: campaign,
      celebrate: C.flagParam(params, 'celebrate', true),
      rotate: C.intParam(params, 'rotate', 0, 3600, 0, problems),
      lang: C.trimmed(params.get('lang')),
      locale: C.trimmed(params.get('locale')),
      currency: C.trimmed(params.get('currency')),
      problems: problems
    };
  }

  /** The next (step 1) or previous (step -1) item of a list, wrapping around. */
  function cycle(list, current, step) {
    var i = list.indexOf(current);
    if (i < 0) {
      return list[0];
    }
    return list[(i + step + list.length) % list.length];
  }

  /**
   * The caption of a period: "Today · 11/24", "This week · 11/23 – 11/29",
   * "This month · November 2026", read in the branch's local dates.
   */
  function periodCaption(period, kind, locale, t) {
    var label = t('period.' + kind);
    if (!period || typeof period !== 'object') {
      return label;
    }
    var s = /^(\d{4})-(\d{2})-(\d{2})/.exec(period.start || '');
    var e = /^(\d{4})-(\d{2})-(\d{2})/.exec(period.end || '');
    if (!s) {
      return label;
    }
    var start = new Date(Date.UTC(Number(s[1]), Number(s[2]) - 1, Number(s[3])));
    try {
      if (kind === 'month') {
        return label + ' \u00b7 ' + new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(start);
      }
      var dayFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
      var text = dayFmt.format(start);
      if (kind === 'week' && e) {
        var last = new Date(Date.UTC(Number(e[1]), Number(e[2]) - 1, Number(e[3]) - 1)); // end is exclusive
        text += ' \u2013 ' + dayFmt.format(last);
      }
      return label + ' \u00b7 ' + text;
    } catch (err) {
      return label;
    }
  }

  var core = {
    parseDisplayOptions: parseDisplayOptions,
    cycle: cycle,
    periodCaption: periodCaption
  };
  if (typeof module === 'object' && module && module.exports) {
    module.exports = core;
  }
  if (typeof document === 'undefined' || typeof window === 'undefined') {
    return;
  }

  // ------------------------------------------------------------------ page

  var el = C.el;

  function $(id) {
    return document.getElementById(id);
  }

  function boot() {
    var opts = parseDisplayOptions(location.search);
    var navLanguages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    var lang = C.pickLanguage(opts.lang, navLanguages);
    var locale = C.pickLocale(lang, opts.locale, navLanguages);
    var t = C.makeTranslator(lang);
    var fmt = C.makeFormatters(locale, opts.currency);
    document.documentElement.lang = lang;
    document.body.setAttribute('data-lang', lang);
    translateStatic(t);

    if (!opts.branch) {
      $('hint').hidden = false;
      $('screen').hidden = true;
      var example = location.pathname + '?branch=SZ01';
      $('hint-example').textContent = example;
      $('hint-example').setAttribute('href', example);
      document.title = t('display.hint.title');
      return;
    }

    var state = {
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
      celebrations: [],
      celebrating: false
    };
    var rowsById = {};
    var leavingRows = {};   // rows fading out, removed from the page after their transition
    var teamRowsById = {};

    document.body.classList.toggle('privacy', opts.privacy);
    $('board').style.setProperty('--slots', String(opts.top));
    $('teams').hidden = !opts.teams;
    $('privacy').hidden = !opts.privacy;
    $('privacy').textContent = t('display.privacy', { top: opts.top });
    if (opts.problems.length) {
      $('message').hidden = false;
      $('message').textContent = 'Ignored invalid parameter(s): ' + opts.problems.join(', ');
    }
    setTitle();

    function setTitle() {
      $('title-branch').textContent = state.branchName;
      document.title = t('display.title', { branch: state.branchName });
    }

    function loadBranch(attempt) {
      C.getJson('/api/v1/branches/' + encodeURIComponent(opts.branch)).then(function (b) {
        if (b && typeof b.name === 'string' && b.name) {
          state.branchName = b.name;
        }
        state.timeZone = b && b.timeZone ? b.timeZone : '';
        setTitle();
        renderAsOf();
      }, function () {
        setTimeout(function () { loadBranch(attempt + 1); }, C.retryDelay(attempt, null, 30000));
      });
    }
    loadBranch(0);

    // ------------------------------------------------------ status / time

    var offlineSince = null;

    function setStatus(s, since) {
      offlineSince = since;
      var node = $('status');
      node.setAttribute('data-state', s);
      node.className = 'status status-' + s;
      $('status-text').textContent = t('status.' + s);
      document.body.setAttribute('data-connection', s);
      renderAsOf();
    }

    function renderAsOf() {
      var node = $('as-of');
      if (!state.asOf) {
        node.textContent = t('asOf.none');
        node.removeAttribute('datetime');
        return;
      }
      var text = t('asOf', { time: C.formatTime(state.asOf, locale, state.timeZone) });
      if (offlineSince) {
        text += ' \u00b7 ' + t('offlineSince', { time: C.formatTime(offlineSince.toISOString(), locale, state.timeZone) });
      }
      node.textContent = text;
      node.setAttribute('datetime', state.asOf);
    }

    function tick() {
      $('clock').textContent = C.formatTime(new Date().toISOString(), locale, state.timeZone);
      renderCountdown();
    }
    setInterval(tick, 1000);
    tick();

    // -------------------------------------------------------- the boards

    function metricLabel(metric) {
      return t('metric.' + metric);
    }

    function displayName(entry) {
      return C.maskName(entry.name || entry.id, opts.names);
    }

    function layoutBoard() {
      // Type as large as a row allows, but narrow enough for a name and a value side by side.
      var rows = $('rows');
      var h = rows.clientHeight / opts.top;
      if (h > 0) {
        rows.style.fontSize = Math.max(12, Math.min(h * 0.46, rows.clientWidth / 20)).toFixed(1) + 'px';
        $('head').style.fontSize = rows.style.fontSize;
      }
      var teamRows = $('team-rows');
      var th = teamRows.clientHeight / Math.max(1, teamSlots());
      if (th > 0) {
        teamRows.style.fontSize = Math.max(11, Math.min(th * 0.42, teamRows.clientWidth / 14)).toFixed(1) + 'px';
      }
    }

    // Team rows fill the panel (between 4 and 8 of them; 5 at most beside a campaign).
    function teamSlots() {
      var max = state.campaign ? 5 : 8;
      return Math.max(4, Math.min(max, state.teamCount || 0));
    }

    function clearBoard() {
      var rows = $('rows');
      while (rows.firstChild) {
        rows.removeChild(rows.firstChild);
      }
      rowsById = {};
      for (var id in leavingRows) {
        clearTimeout(leavingRows[id].removeTimer);
      }
      leavingRows = {};
      $('board').removeAttribute('data-version');
      $('empty').hidden = true;
    }

    function renderAgents(payload) {
      if (payload.topic !== state.agentsTopic) {
        return;
      }
      var entries = (Array.isArray(payload.entries) ? payload.entries : []).slice(0, opts.top);
      var rows = $('rows');
      var now = Date.now();
      var present = {};
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i] || {};
        var id = String(e.id);
        state.agentIds[id] = true;
        present[id] = true;
        var row = rowsById[id];
        if (!row && leavingRows[id]) {
          // Back before it finished leaving (e.g. an empty board for a moment): keep the same row.
          row = leavingRows[id];
          clearTimeout(row.removeTimer);
          delete leavingRows[id];
          rowsById[id] = row;
        }
        var isNew = !row;
        if (isNew) {
          row = createAgentRow(id);
          rowsById[id] = row;
          rows.appendChild(row.node);
        }
        var n = row.node;
        n.classList.remove('leaving');
        n.style.transform = 'translateY(' + (i * 100) + '%)';
        n.classList.remove('top-1', 'top-2', 'top-3');
        if (e.rank <= 3) {
          n.classList.add('top-' + e.rank);
        }
        if (isNew) {
          n.classList.add('entering');
          (function (node) {
            setTimeout(function () { node.classList.remove('entering'); }, 50);
          })(n);
        }
        if (row.rank !== undefined && e.rank < row.rank) {
          row.movedAt = now;
          row.moveText = '\u25b2' + (row.rank - e.rank);
        }
        row.rank = e.rank;
        row.rankCell.textContent = String(e.rank);
        row.nameCell.textContent = displayName(e);
        row.teamId = e.teamId || '';
        row.teamCell.textContent = state.teamNames[row.teamId] || row.teamId;
        if (row.value !== e.value) {
          if (row.value !== undefined) {
            n.classList.add('changed');
            (function (node) {
              setTimeout(function () { node.classList.remove('changed'); }, 1600);
            })(n);
          }
          row.value = e.value;
          row.valueCell.textContent = fmt.metric(state.metric, e.value);
          row.valueCell.setAttribute('data-value', String(e.value));
          n.setAttribute('data-updated-at', String(now));
        }
        var moving = row.movedAt && now - row.movedAt < MOVE_MARK_MS;
        row.moveCell.textContent = moving ? row.moveText : '';
        n.setAttribute('data-rank', String(e.rank));
      }
      for (var oldId in rowsById) {
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
      var row = rowsById[id];
      delete rowsById[id];
      leavingRows[id] = row;
      row.node.classList.add('leaving');
      row.removeTimer = setTimeout(function () {
        if (leavingRows[id] === row) {
          delete leavingRows[id];
        }
        if (row.node.parentNode) {
          row.node.parentNode.removeChild(row.node);
        }
      }, 700);
    }

    function createAgentRow(id) {
      var node = el('div', { 'class': 'row', 'data-testid': 'row-' + id, 'data-id': id });
      var rankCell = el('span', { 'class': 'rank', 'data-testid': 'rank-' + id });
      var who = el('span', { 'class': 'who' });
      var nameCell = el('span', { 'class': 'name', 'data-testid': 'name-' + id });
      var teamCell = el('span', { 'class': 'team', 'data-testid': 'team-' + id });
      who.appendChild(nameCell);
      who.appendChild(teamCell);
      var moveCell = el('span', { 'class': 'move', 'data-testid': 'move-' + id });
      var valueCell = el('span', { 'class': 'value', 'data-testid': 'value-' + id });
      node.appendChild(rankCell);
      node.appendChild(who);
      node.appendChild(moveCell);
      node.appendChild(valueCell);
      return { node: node, rankCell: rankCell, nameCell: nameCell, teamCell: teamCell, moveCell: moveCell, valueCell: valueCell };
    }

    function renderTeams(payload) {
      if (!payload || payload.topic !== state.teamsTopic) {
        return;
      }
      state.lastTeams = payload;
      var entries = Array.isArray(payload.entries) ? payload.entries : [];
      for (var k = 0; k < entries.length; k++) {
        state.teamNames[entries[k].id] = entries[k].name || entries[k].id;
      }
      for (var rid in rowsById) {
        var r = rowsById[rid];
        if (r.teamId && state.teamNames[r.teamId]) {
          r.teamCell.textContent = state.teamNames[r.teamId];
        }
      }
      state.teamCount = entries.length;
      var list = $('team-rows');
      var slots = teamSlots();
      list.style.setProperty('--slots', String(slots));
      var shown = entries.slice(0, slots);
      var present = {};
      for (var i = 0; i < shown.length; i++) {
        var e = shown[i];
        var id = String(e.id);
        present[id] = true;
        var row = teamRowsById[id];
        if (!row) {
          var node = el('div', { 'class': 'trow', 'data-testid': 'teamrow-' + id });
          row = {
            node: node,
            rank: el('span', { 'class': 'rank' }),
            name: el('span', { 'class': 'name' }),
            value: el('span', { 'class': 'value', 'data-testid': 'teamvalue-' + id })
          };
          node.appendChild(row.rank);
          node.appendChild(row.name);
          node.appendChild(row.value);
          teamRowsById[id] = row;
          list.appendChild(node);
        }
        row.node.style.transform = 'translateY(' + (i * 100) + '%)';
        row.node.className = 'trow' + (e.rank === 1 ? ' top-1' : '');
        row.rank.textContent = String(e.rank);
        row.name.textContent = e.name || id;
        row.value.textContent = fmt.metric(state.metric, e.value);
        row.value.setAttribute('data-value', String(e.value));
      }
      for (var oldId in teamRowsById) {
        if (!present[oldId]) {
          var gone = teamRowsById[oldId].node;
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

    if (typeof root.signalR === 'undefined') {
      setStatus('idle', null);
      showError(new Error('The SignalR client library (lib/signalr.min.js) did not load.'));
      return;
    }
    var live = C.createLive(root.signalR, { onStatus: setStatus });

    function watchBoards() {
      state.agentsTopic = C.leaderboardTopic(opts.branch, state.metric, state.period, 'agents', opts.top);
      state.teamsTopic = C.leaderboardTopic(opts.branch, state.metric, state.period, 'teams', TEAMS_TOP);
      var label = metricLabel(state.metric);
      $('title-metric').textContent = label;
      $('col-value').textContent = label;
      $('teams-title').textContent = t('display.teams') + ' \u00b7 ' + label;
      $('period').textContent = t('period.' + state.period);
      document.body.setAttribute('data-metric', state.metric);
      document.body.setAttribute('data-period', state.period);
      live.watch(state.agentsTopic, {
        snapshot: function (p) { clearError(); renderAgents(p); },
        push: function (m, p) { if (m === 'leaderboard') { renderAgents(p); } },
        error: showError
      });
      if (opts.teams) {
        live.watch(state.teamsTopic, {
          snapshot: renderTeams,
          push: function (m, p) { if (m === 'leaderboard') { renderTeams(p); } }
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
      if (root.history && root.history.replaceState) {
        var params = new URLSearchParams(location.search);
        params.set('metric', metric);
        params.set('period', period);
        root.history.replaceState(null, '', location.pathname + '?' + params.toString());
      }
    }

    watchBoards();

    live.watch('branch:' + opts.branch, {
      push: function (m, p) {
        if (m === 'celebration' && opts.celebrate) {
          celebrate(p);
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
      var panel = $('campaign');
      panel.hidden = false;
      document.body.classList.add('with-campaign');
      panel.setAttribute('data-status', payload.status || '');
      panel.setAttribute('data-version', String(payload.version));
      $('campaign-name').textContent = payload.name || opts.campaign;
      var list = $('campaign-rows');
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      var entries = (Array.isArray(payload.entries) ? payload.entries : []).slice(0, 5);
      var byAgent = payload.unit === 'agent' || payload.unit === 'agents';
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i] || {};
        var id = String(e.id);
        var isPerson = byAgent || state.agentIds[id] === true;
        var row = el('div', { 'class': 'crow' + (e.rank === 1 ? ' top-1' : ''), 'data-testid': 'campaign-row-' + id });
        row.appendChild(el('span', { 'class': 'rank' }, e.rank));
        row.appendChild(el('span', { 'class': 'name' }, isPerson ? C.maskName(e.name || id, opts.names) : (e.name || id)));
        var value = el('span', { 'class': 'value', 'data-value': String(e.value) },
          typeof e.value === 'number' ? (payload.metric ? fmt.metric(payload.metric, e.value) : fmt.count(e.value)) : '');
        row.appendChild(value);
        var bar = el('span', { 'class': 'cbar' });
        var fill = el('span', { 'class': 'cfill' });
        var progress = typeof e.progress === 'number' && isFinite(e.progress) ? e.progress : null;
        fill.style.width = progress === null ? '0%' : Math.max(0, Math.min(1, progress)) * 100 + '%';
        bar.appendChild(fill);
        if (progress !== null) {
          bar.appendChild(el('span', { 'class': 'cpct' }, fmt.percent(progress)));
        }
        row.appendChild(bar);
        list.appendChild(row);
      }
      renderCountdown();
      renderTeams(state.lastTeams);
      layoutBoard();
    }

    function renderCountdown() {
      var c = state.campaign;
      if (!c) {
        return;
      }
      var node = $('campaign-countdown');
      var now = Date.now();
      var text;
      if (c.status === 'scheduled') {
        text = t('campaign.scheduled', { time: C.formatCountdown(Date.parse(c.startsAt) - now, t) });
      } else if (c.status === 'running' && Date.parse(c.endsAt) > now) {
        text = t('campaign.running', { time: C.formatCountdown(Date.parse(c.endsAt) - now, t) });
      } else if (c.status === 'running') {
        text = t('campaign.closing');
      } else {
        text = c.frozen ? t('campaign.frozen') : t('campaign.finished');
      }
      node.textContent = text;
    }

    if (opts.campaign) {
      live.watch('campaign:' + opts.campaign, {
        snapshot: renderCampaign,
        push: function (m, p) { if (m === 'campaign') { renderCampaign(p); } },
        // Not known (yet): no panel; asked again now and then in case it is created.
        error: hideCampaign,
        retryMaxMs: 30000
      });
    }

    // ------------------------------------------------------ celebrations

    function celebrate(payload) {
      state.celebrations.push(payload);
      if (state.celebrations.length > 20) {
        state.celebrations.shift();
      }
      if (!state.celebrating) {
        nextCelebration();
      }
    }

    function nextCelebration() {
      var banner = $('celebration');
      var c = state.celebrations.shift();
      if (!c) {
        state.celebrating = false;
        banner.classList.remove('show');
        setTimeout(function () {
          if (!state.celebrating) {
            banner.hidden = true;
          }
        }, 500);
        return;
      }
      state.celebrating = true;
      var kind = c.kind || 'policy';
      // A campaign won by a team or a branch names that, not a person: mask only people.
      var person = !(kind === 'campaignWon' && c.unit && c.unit !== 'agent');
      var name = person ? C.maskName(c.name || c.agentId, opts.names) : (c.name || '');
      var metric = c.metric || (kind === 'policy' ? 'fyp' : '');
      var text = t('celebrate.' + kind, {
        name: name,
        metric: metric ? t('metric.' + metric) : '',
        campaign: c.campaignName || ''
      });
      if (c.merged > 0) {
        text += ' ' + t('celebrate.merged', { n: c.merged });
      }
      $('celebration-label').textContent = t('celebrate.label');
      $('celebration-text').textContent = text;
      var hasValue = typeof c.value === 'number' && isFinite(c.value) && c.value !== 0 && kind !== 'rankUp';
      $('celebration-value').textContent = hasValue ? (metric ? fmt.metric(metric, c.value) : fmt.count(c.value)) : '';
      banner.setAttribute('data-agent', c.agentId || '');
      banner.setAttribute('data-kind', kind);
      banner.hidden = false;
      // Restart the entrance animation for each report.
      banner.classList.remove('show');
      void banner.offsetWidth;
      banner.classList.add('show');
      setTimeout(nextCelebration, CELEBRATION_MS);
    }

    // --------------------------------------------------------------- keys

    document.addEventListener('keydown', function (ev) {
      var key = ev.key;
      if (key === 'ArrowRight' || key === 'm' || key === 'M') {
        switchTo(cycle(opts.metrics, state.metric, 1), state.period);
      } else if (key === 'ArrowLeft') {
        switchTo(cycle(opts.metrics, state.metric, -1), state.period);
      } else if (key === 'ArrowUp') {
        switchTo(state.metric, cycle(C.PERIODS, state.period, -1));
      } else if (key === 'ArrowDown' || key === 'p' || key === 'P') {
        switchTo(state.metric, cycle(C.PERIODS, state.period, 1));
      } else if (key === '1' || key === 'd') {
        switchTo(state.metric, 'day');
      } else if (key === '2' || key === 'w') {
        switchTo(state.metric, 'week');
      } else if (key === '3') {
        switchTo(state.metric, 'month');
      } else {
        return;
      }
      ev.preventDefault();
    });

    if (opts.rotate > 0) {
      setInterval(function () {
        switchTo(cycle(opts.metrics, state.metric, 1), state.period);
      }, opts.rotate * 1000);
    }

    // Type follows the space the rows get (window size, a message bar coming and going, the campaign panel).
    var layoutQueued = false;
    function queueLayout() {
      if (layoutQueued) {
        return;
      }
      layoutQueued = true;
      (root.requestAnimationFrame || setTimeout)(function () {
        layoutQueued = false;
        layoutBoard();
      });
    }
    window.addEventListener('resize', queueLayout);
    if (typeof root.ResizeObserver === 'function') {
      var observer = new root.ResizeObserver(queueLayout);
      observer.observe($('rows'));
      observer.observe($('team-rows'));
    }
    layoutBoard();
    live.start();
  }

  function translateStatic(t) {
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', boot);
  } else {
    boot();
  }
})(typeof window !== 'undefined' ? window : this);
