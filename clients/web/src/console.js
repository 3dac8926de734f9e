/*
 * Supervisor console: /console.html?team=SZ01-T1
 *
 * Each agent's progress against today's, this week's and this month's
 * standards as bars with a pace marker (where the bar should be by now), the
 * team's open alerts (live, with an acknowledge button) and the team's
 * cumulative FYP this month against the plan line.
 *
 * Data: GET /api/v1/teams/{id} and /branches/{id} (name, time zone, working
 * calendar); the members from the branch leaderboard (scope=agents, top=500)
 * filtered by team; GET /api/v1/agents/{id}/stats per member and period;
 * topics team:{id} and alerts:{id}; POST /api/v1/alerts/{id}/ack.
 *
 * Needs lib/signalr.min.js and common.js first.
 */
(function (root) {
  'use strict';

  var C = typeof module === 'object' && module && module.exports ? require('./common.js') : root.TrackingCommon;

  var PERIOD_KINDS = ['day', 'week', 'month'];
  var STATUS_ORDER = { open: 0, acknowledged: 1, resolved: 2 };
  var BEHIND_PACE = 0.7;

  function parseConsoleOptions(search) {
    var params = new URLSearchParams(search || '');
    var problems = [];
    var team = C.trimmed(params.get('team'));
    if (team && !C.isValidId(team)) {
      problems.push('team');
      team = '';
    }
    return {
      team: team,
      lang: C.trimmed(params.get('lang')),
      locale: C.trimmed(params.get('locale')),
      currency: C.trimmed(params.get('currency')),
      problems: problems
    };
  }

  /**
   * The bars of one stats object (agent or team, one period): one per metric
   * that has a target, in the usual metric order, with the share of the
   * target reached and the share expected by now (the pace marker).
   */
  function barsOf(stats, calendar, now) {
    var bars = [];
    if (!stats || !stats.targets) {
      return bars;
    }
    for (var i = 0; i < C.METRICS.length; i++) {
      var metric = C.METRICS[i];
      var target = stats.targets[metric];
      if (typeof target !== 'number' || !(target > 0)) {
        continue;
      }
      var actual = stats.metrics && typeof stats.metrics[metric] === 'number' ? stats.metrics[metric] : 0;
      var attainment = stats.attainment && typeof stats.attainment[metric] === 'number' ? stats.attainment[metric] : actual / target;
      var pace = stats.pace && typeof stats.pace[metric] === 'number' ? stats.pace[metric] : null;
      var expected = C.expectedShare(attainment, pace, calendar, stats.period, now);
      var state = 'ok';
      if (expected !== null && expected > 0) {
        var ratio = attainment / expected;
        state = ratio >= 1 ? 'ok' : (ratio >= BEHIND_PACE ? 'warn' : 'behind');
      }
      bars.push({ metric: metric, actual: actual, target: target, attainment: attainment, expected: expected, pace: pace, state: state });
    }
    return bars;
  }

  /**
   * The team's figures of one period against its plan: targets are agent
   * standards (an agent's own, else its team's, else its branch's), so the
   * team's plan for a metric is the sum of its members' targets. Returns a
   * stats-like object (period, metrics, targets, attainment; no pace, so the
   * marker comes from the calendar), or the team's own stats when no member
   * has a target.
   */
  function teamAgainstMembers(teamStats, memberStats) {
    if (!teamStats) {
      return null;
    }
    var targets = {};
    var any = false;
    for (var i = 0; i < memberStats.length; i++) {
      var m = memberStats[i];
      if (!m || !m.targets) {
        continue;
      }
      for (var metric in m.targets) {
        if (typeof m.targets[metric] === 'number' && m.targets[metric] > 0) {
          targets[metric] = (targets[metric] || 0) + m.targets[metric];
          any = true;
        }
      }
    }
    if (!any) {
      return teamStats;
    }
    var attainment = {};
    for (var name in targets) {
      var actual = teamStats.metrics && typeof teamStats.metrics[name] === 'number' ? teamStats.metrics[name] : 0;
      attainment[name] = actual / targets[name];
    }
    return { period: teamStats.period, metrics: teamStats.metrics, targets: targets, attainment: attainment, pace: {} };
  }

  /** The text of an alert in the page's language. */
  function alertText(alert, t, fmt) {
    if (alert.rule === 'inactive') {
      return t('alert.inactive', { actual: fmt.count(alert.actual), expected: fmt.count(alert.expected) });
    }
    var metric = alert.metric || '';
    return t('alert.behindPace', {
      metric: t('metric.' + metric),
      actual: fmt.metric(metric, alert.actual),
      expected: fmt.metric(metric, alert.expected)
    });
  }

  /** Alerts to list: not resolved, open ones first, newest first. */
  function visibleAlerts(byId) {
    var list = [];
    for (var id in byId) {
      if (byId[id] && byId[id].status !== 'resolved') {
        list.push(byId[id]);
      }
    }
    list.sort(function (a, b) {
      var s = (STATUS_ORDER[a.status] || 0) - (STATUS_ORDER[b.status] || 0);
      if (s !== 0) {
        return s;
      }
      var ta = Date.parse(a.raisedAt) || 0;
      var tb = Date.parse(b.raisedAt) || 0;
      return tb - ta || (a.alertId < b.alertId ? -1 : 1);
    });
    return list;
  }

  /**
   * Whether `next` (an alert object from a push, a snapshot or the ack
   * response) is newer than `held`: by version when both have one, else by
   * status (open < acknowledged < resolved).
   */
  function isNewerAlert(held, next) {
    if (!held) {
      return true;
    }
    if (typeof held.version === 'number' && typeof next.version === 'number') {
      return next.version > held.version;
    }
    if (typeof next.version === 'number') {
      return (STATUS_ORDER[next.status] || 0) >= (STATUS_ORDER[held.status] || 0);
    }
    return (STATUS_ORDER[next.status] || 0) > (STATUS_ORDER[held.status] || 0);
  }

  /**
   * The month's cumulative FYP against the plan, as points for the chart.
   * `month` is the team's month stats (period, metrics, targets); `daily`
   * maps day of month (1-based) to that day's FYP for the days before today;
   * `today` is today's day of month. The plan is the month target spread over
   * the branch's working time (the same rule as pace).
   * Returns {days, actual: [[x, y]], plan: [[x, y]] | null, target, planToDate, actualToDate}
   * with x in days since the month's start.
   */
  function trendOf(month, daily, today, calendar, now) {
    var start = Date.parse(month && month.period ? month.period.start : '');
    var end = Date.parse(month && month.period ? month.period.end : '');
    if (isNaN(start) || isNaN(end)) {
      return null;
    }
    var days = Math.round((end - start) / 86400000);
    var actualToDate = month.metrics && typeof month.metrics.fyp === 'number' ? month.metrics.fyp : 0;
    var actual = [[0, 0]];
    var sum = 0;
    for (var d = 1; d < today; d++) {
      sum += typeof daily[d] === 'number' ? daily[d] : 0;
      actual.push([d, sum]);
    }
    var dayStart = start + (today - 1) * 86400000;
    var within = Math.max(0, Math.min(1, (now - dayStart) / 86400000));
    actual.push([today - 1 + within, actualToDate]);
    var target = month.targets && typeof month.targets.fyp === 'number' && month.targets.fyp > 0 ? month.targets.fyp : null;
    var plan = null;
    var planToDate = null;
    if (target !== null && calendar) {
      plan = [];
      var s = new Date(start + calendar.offsetAt(start) * 60000);
      for (var k = 0; k <= days; k++) {
        var at = k === days ? end : C.localToInstant(calendar, s.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate() + k, 0);
        plan.push([k, target * C.elapsedShare(calendar, start, end, at)]);
      }
      planToDate = target * C.elapsedShare(calendar, start, end, now);
    }
    return { days: days, actual: actual, plan: plan, target: target, planToDate: planToDate, actualToDate: actualToDate };
  }

  var core = {
    parseConsoleOptions: parseConsoleOptions,
    barsOf: barsOf,
    alertText: alertText,
    visibleAlerts: visibleAlerts,
    isNewerAlert: isNewerAlert,
    teamAgainstMembers: teamAgainstMembers,
    trendOf: trendOf
  };
  if (typeof module === 'object' && module && module.exports) {
    module.exports = core;
  }
  if (typeof document === 'undefined' || typeof window === 'undefined') {
    return;
  }

  // ------------------------------------------------------------------ page

  var el = C.el;
  var SVG = 'http://www.w3.org/2000/svg';

  function $(id) {
    return document.getElementById(id);
  }

  function boot() {
    var opts = parseConsoleOptions(location.search);
    var navLanguages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    var lang = C.pickLanguage(opts.lang, navLanguages);
    var locale = C.pickLocale(lang, opts.locale, navLanguages);
    var t = C.makeTranslator(lang);
    var fmt = C.makeFormatters(locale, opts.currency);
    document.documentElement.lang = lang;
    document.body.setAttribute('data-lang', lang);
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
    }

    if (!opts.team) {
      $('hint').hidden = false;
      $('screen').hidden = true;
      var example = location.pathname + '?team=SZ01-T1';
      $('hint-example').textContent = example;
      $('hint-example').setAttribute('href', example);
      document.title = t('console.hint.title');
      return;
    }

    var state = {
      team: null,          // GET /teams/{id}
      branch: null,        // GET /branches/{id}
      calendar: null,
      teamStats: null,     // last team:{id} payload
      members: [],         // [{id, name}]
      memberStats: {},     // id -> {day, week, month}
      alerts: {},          // alertId -> alert
      daily: {},           // 'YYYY-MM' -> {day: fyp}
      asOf: null
    };
    setTitle();

    function setTitle() {
      var name = state.team && state.team.name ? state.team.name : opts.team;
      var branchName = state.branch && state.branch.name ? state.branch.name : '';
      $('title-team').textContent = name;
      $('title-branch').textContent = branchName;
      document.title = t('console.title', { team: name });
    }

    function showMessage(text) {
      $('message').hidden = !text;
      $('message').textContent = text || '';
    }

    // -------------------------------------------------- team and branch

    var teamLoading = false;

    function loadTeam(attempt) {
      if (teamLoading) {
        return;
      }
      teamLoading = true;
      C.getJson('/api/v1/teams/' + encodeURIComponent(opts.team)).then(function (team) {
        state.team = team;
        return C.getJson('/api/v1/branches/' + encodeURIComponent(team.branchId));
      }).then(function (branch) {
        state.branch = branch;
        var offset = state.teamStats && state.teamStats.day ? C.isoOffsetMinutes(state.teamStats.day.period.start) : null;
        state.calendar = C.makeCalendar(branch, offset);
        teamLoading = false;
        showMessage('');
        setTitle();
        refreshMembers();
        renderAlerts();
      }, function (err) {
        if (err && err.status === 404) {
          showMessage(t('console.unknownTeam', { team: opts.team }));
        }
        setTimeout(function () {
          teamLoading = false;
          loadTeam(attempt + 1);
        }, C.retryDelay(attempt, null, 5000));
      });
    }
    loadTeam(0);

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

    function zone() {
      return state.branch ? state.branch.timeZone : '';
    }

    function renderAsOf() {
      var node = $('as-of');
      if (!state.asOf) {
        node.textContent = t('asOf.none');
        return;
      }
      var text = t('asOf', { time: C.formatTime(state.asOf, locale, zone()) });
      if (offlineSince) {
        text += ' \u00b7 ' + t('offlineSince', { time: C.formatTime(offlineSince.toISOString(), locale, zone()) });
      }
      node.textContent = text;
      node.setAttribute('datetime', state.asOf);
    }

    function noteAsOf(asOf) {
      if (asOf && (!state.asOf || Date.parse(asOf) >= Date.parse(state.asOf))) {
        state.asOf = asOf;
        renderAsOf();
      }
    }

    // ---------------------------------------------------------- members

    var refreshing = false;
    var refreshAgain = false;
    var refreshTimer = null;

    function scheduleRefresh(delay) {
      if (refreshTimer !== null) {
        return;
      }
      refreshTimer = setTimeout(function () {
        refreshTimer = null;
        refreshMembers();
      }, delay);
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
      var path = '/api/v1/branches/' + encodeURIComponent(state.team.branchId) +
        '/leaderboard?metric=fyp&period=month&scope=agents&top=500';
      C.getJson(path).then(function (board) {
        var members = (board.entries || []).filter(function (e) { return e.teamId === opts.team; })
          .map(function (e) { return { id: String(e.id), name: e.name || String(e.id) }; });
        var reads = [];
        members.forEach(function (m) {
          PERIOD_KINDS.forEach(function (kind) {
            reads.push(C.getJson('/api/v1/agents/' + encodeURIComponent(m.id) + '/stats?period=' + kind).then(function (s) {
              if (!state.memberStats[m.id]) {
                state.memberStats[m.id] = {};
              }
              state.memberStats[m.id][kind] = s;
            }, function () { /* keep what is shown */ }));
          });
        });
        return Promise.all(reads).then(function () {
          state.members = members;
          renderProgress();
          renderTrend();
        });
      }).then(done, done);

      function done() {
        refreshing = false;
        if (refreshAgain) {
          refreshAgain = false;
          scheduleRefresh(300);
        }
      }
    }

    // Pace markers move with the clock; figures are refreshed now and then too.
    setInterval(function () { scheduleRefresh(0); }, 60000);

    // --------------------------------------------------------- progress

    function renderProgress() {
      var tbody = el('tbody', { id: 'progress-rows' });
      var now = Date.now();
      if (state.teamStats) {
        tbody.appendChild(progressRow('team', t('console.team'), teamPlan(), now, true));
      }
      for (var i = 0; i < state.members.length; i++) {
        var m = state.members[i];
        tbody.appendChild(progressRow(m.id, m.name, state.memberStats[m.id] || {}, now, false));
      }
      if (!state.members.length && state.team) {
        var empty = el('tr', { 'class': 'empty' });
        empty.appendChild(el('td', { colspan: '4' }, t('console.noMembers')));
        tbody.appendChild(empty);
      }
      var old = $('progress-rows');
      old.parentNode.replaceChild(tbody, old);
      $('progress').setAttribute('data-members', String(state.members.length));
    }

    function membersOf(kind) {
      return state.members.map(function (m) {
        return state.memberStats[m.id] ? state.memberStats[m.id][kind] : null;
      });
    }

    /** The team's day, week and month against the sum of its members' targets. */
    function teamPlan() {
      var plan = {};
      for (var p = 0; p < PERIOD_KINDS.length; p++) {
        var kind = PERIOD_KINDS[p];
        plan[kind] = teamAgainstMembers(state.teamStats[kind], membersOf(kind));
      }
      return plan;
    }

    function progressRow(id, name, byPeriod, now, isTeam) {
      var tr = el('tr', { 'class': isTeam ? 'team-row' : 'agent-row', 'data-testid': isTeam ? 'team-row' : 'agent-' + id });
      tr.appendChild(el('th', { scope: 'row', 'class': 'who', 'data-testid': isTeam ? 'team-name' : 'agent-name-' + id }, name));
      for (var p = 0; p < PERIOD_KINDS.length; p++) {
        var kind = PERIOD_KINDS[p];
        var td = el('td', { 'class': 'bars' });
        var bars = barsOf(byPeriod[kind], state.calendar, now);
        if (!bars.length) {
          td.appendChild(el('span', { 'class': 'none' }, byPeriod[kind] ? t('console.noTarget') : '\u2026'));
        }
        for (var b = 0; b < bars.length; b++) {
          td.appendChild(bar(id, kind, bars[b]));
        }
        tr.appendChild(td);
      }
      return tr;
    }

    function bar(id, kind, b) {
      var node = el('div', {
        'class': 'pbar pbar-' + b.state,
        'data-testid': 'bar-' + id + '-' + kind + '-' + b.metric,
        'data-attainment': String(b.attainment),
        'data-expected': b.expected === null ? '' : String(b.expected),
        'data-state': b.state
      });
      var label = el('div', { 'class': 'plabel' });
      label.appendChild(el('span', { 'class': 'pm' }, t('metric.' + b.metric)));
      label.appendChild(el('span', { 'class': 'pv' }, fmt.metric(b.metric, b.actual) + ' / ' + fmt.metric(b.metric, b.target)));
      node.appendChild(label);
      var track = el('div', { 'class': 'ptrack', title: fmt.percent(b.attainment) });
      var fill = el('div', { 'class': 'pfill' });
      fill.style.width = Math.max(0, Math.min(1, b.attainment)) * 100 + '%';
      track.appendChild(fill);
      if (b.expected !== null) {
        var mark = el('div', { 'class': 'pmark', 'data-testid': 'marker-' + id + '-' + kind + '-' + b.metric });
        mark.style.left = Math.max(0, Math.min(1, b.expected)) * 100 + '%';
        track.appendChild(mark);
      }
      node.appendChild(track);
      node.appendChild(el('span', { 'class': 'ppct' }, fmt.percent(b.attainment)));
      return node;
    }

    // ----------------------------------------------------------- alerts

    function upsertAlert(alert) {
      if (!alert || !alert.alertId) {
        return;
      }
      if (isNewerAlert(state.alerts[alert.alertId], alert)) {
        state.alerts[alert.alertId] = alert;
      }
    }

    function renderAlerts() {
      var list = el('ul', { id: 'alert-list', 'class': 'alert-list', 'data-testid': 'alert-list' });
      var shown = visibleAlerts(state.alerts);
      var open = 0;
      for (var i = 0; i < shown.length; i++) {
        var a = shown[i];
        if (a.status === 'open') {
          open++;
        }
        list.appendChild(alertItem(a));
      }
      if (!shown.length) {
        list.appendChild(el('li', { 'class': 'no-alerts', 'data-testid': 'no-alerts' }, t('console.noAlerts')));
      }
      var old = $('alert-list');
      old.parentNode.replaceChild(list, old);
      $('alert-count').textContent = open ? t('console.openCount', { n: open }) : '';
      $('alerts').setAttribute('data-open', String(open));
    }

    function alertItem(a) {
      var li = el('li', { 'class': 'alert alert-' + a.status, 'data-testid': 'alert-' + a.alertId, 'data-status': a.status, 'data-rule': a.rule });
      var top = el('div', { 'class': 'atop' });
      top.appendChild(el('span', { 'class': 'chip chip-' + a.rule }, t('rule.' + a.rule)));
      top.appendChild(el('span', { 'class': 'aname' }, a.agentName || a.agentId));
      var when = a.status === 'acknowledged' && a.acknowledgedAt
        ? t('console.acknowledged', { time: C.formatTime(a.acknowledgedAt, locale, zone()) })
        : t('console.raised', { time: C.formatTime(a.raisedAt, locale, zone()) });
      top.appendChild(el('span', { 'class': 'atime' }, when));
      li.appendChild(top);
      var body = el('div', { 'class': 'abody' });
      body.appendChild(el('span', { 'class': 'atext' }, alertText(a, t, fmt)));
      if (a.status === 'open') {
        var button = el('button', { type: 'button', 'class': 'ack', 'data-testid': 'ack-' + a.alertId }, t('console.ack'));
        button.addEventListener('click', function () { acknowledge(a.alertId, button); });
        body.appendChild(button);
      }
      li.appendChild(body);
      return li;
    }

    function acknowledge(alertId, button) {
      button.disabled = true;
      button.textContent = t('console.acking');
      fetch('/api/v1/alerts/' + encodeURIComponent(alertId) + '/ack', { method: 'POST', headers: { Accept: 'application/json' } })
        .then(function (r) {
          return r.json().then(function (body) {
            if (!r.ok) {
              throw new Error(body && body.detail ? body.detail : 'HTTP ' + r.status);
            }
            return body;
          });
        })
        .then(function (alert) {
          upsertAlert(alert);
          renderAlerts();
        }, function (err) {
          button.disabled = false;
          button.textContent = t('console.ack');
          showMessage(t('console.ackFailed', { error: err && err.message ? err.message : String(err) }));
        });
    }

    // ------------------------------------------------------------ trend

    function monthKey(stats) {
      return stats && stats.period ? String(stats.period.start).slice(0, 7) : '';
    }

    var historyLoading = '';

    function loadHistory(month, today) {
      var key = monthKey(month);
      if (!key || historyLoading === key || state.daily[key]) {
        return;
      }
      historyLoading = key;
      var daily = {};
      var reads = [];
      for (var d = 1; d < today; d++) {
        (function (day) {
          var date = key + '-' + (day < 10 ? '0' + day : day);
          reads.push(C.getJson('/api/v1/teams/' + encodeURIComponent(opts.team) + '/stats?period=day&date=' + date).then(function (s) {
            daily[day] = s.metrics && typeof s.metrics.fyp === 'number' ? s.metrics.fyp : 0;
          }));
        })(d);
      }
      Promise.all(reads).then(function () {
        state.daily[key] = daily;
        historyLoading = '';
        renderTrend();
      }, function () {
        historyLoading = '';
        setTimeout(renderTrend, 5000); // try again
      });
    }

    function renderTrend() {
      var stats = state.teamStats;
      if (!stats || !stats.month || !stats.day) {
        return;
      }
      var today = Number(String(stats.day.period.start).slice(8, 10));
      var key = monthKey(stats.month);
      if (!state.daily[key]) {
        loadHistory(stats.month, today);
        if (today > 1) {
          return;
        }
      }
      var calendar = state.calendar || C.makeCalendar(null, C.isoOffsetMinutes(stats.month.period.start));
      var trend = trendOf(teamAgainstMembers(stats.month, membersOf('month')), state.daily[key] || {}, today, calendar, Date.now());
      if (!trend) {
        return;
      }
      drawTrend(trend);
    }

    function drawTrend(trend) {
      var w = 400;
      var h = 170;
      var pad = { l: 6, r: 6, t: 10, b: 16 };
      var top = Math.max(trend.target || 0, trend.actualToDate, 1) * 1.08;
      function x(d) {
        return pad.l + (w - pad.l - pad.r) * d / trend.days;
      }
      function y(v) {
        return h - pad.b - (h - pad.t - pad.b) * v / top;
      }
      function points(list) {
        return list.map(function (p) { return x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1); }).join(' ');
      }
      var svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
      svg.setAttribute('id', 'trend-svg');
      svg.setAttribute('data-testid', 'trend-svg');
      svg.setAttribute('preserveAspectRatio', 'none');
      var axis = document.createElementNS(SVG, 'line');
      axis.setAttribute('x1', pad.l);
      axis.setAttribute('x2', w - pad.r);
      axis.setAttribute('y1', y(0));
      axis.setAttribute('y2', y(0));
      axis.setAttribute('class', 'axis');
      svg.appendChild(axis);
      for (var k = 7; k < trend.days; k += 7) {
        var tick = document.createElementNS(SVG, 'line');
        tick.setAttribute('x1', x(k));
        tick.setAttribute('x2', x(k));
        tick.setAttribute('y1', pad.t);
        tick.setAttribute('y2', y(0));
        tick.setAttribute('class', 'grid');
        svg.appendChild(tick);
      }
      if (trend.plan) {
        var plan = document.createElementNS(SVG, 'polyline');
        plan.setAttribute('points', points(trend.plan));
        plan.setAttribute('class', 'plan');
        plan.setAttribute('data-testid', 'trend-plan');
        svg.appendChild(plan);
      }
      var area = document.createElementNS(SVG, 'polygon');
      var last = trend.actual[trend.actual.length - 1];
      area.setAttribute('points', points(trend.actual) + ' ' + x(last[0]).toFixed(1) + ',' + y(0) + ' ' + x(0) + ',' + y(0));
      area.setAttribute('class', 'area');
      svg.appendChild(area);
      var actual = document.createElementNS(SVG, 'polyline');
      actual.setAttribute('points', points(trend.actual));
      actual.setAttribute('class', 'actual');
      actual.setAttribute('data-testid', 'trend-actual');
      svg.appendChild(actual);
      var dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('cx', x(last[0]));
      dot.setAttribute('cy', y(last[1]));
      dot.setAttribute('r', 4);
      dot.setAttribute('class', 'dot');
      svg.appendChild(dot);
      var old = $('trend-svg');
      old.parentNode.replaceChild(svg, old);

      var legend = $('trend-legend');
      while (legend.firstChild) {
        legend.removeChild(legend.firstChild);
      }
      legend.appendChild(el('span', { 'class': 'lg-actual', 'data-testid': 'trend-actual-value', 'data-value': String(trend.actualToDate) },
        t('console.trend.actual', { value: fmt.money(trend.actualToDate) })));
      if (trend.plan) {
        legend.appendChild(el('span', { 'class': 'lg-plan' }, t('console.trend.plan', { value: fmt.money(trend.planToDate) })));
        legend.appendChild(el('span', { 'class': 'lg-target' }, t('console.trend.target', { value: fmt.money(trend.target) })));
      } else {
        legend.appendChild(el('span', { 'class': 'lg-plan' }, t('console.trend.noPlan')));
      }
    }

    // ------------------------------------------------------------- live

    if (typeof root.signalR === 'undefined') {
      setStatus('idle', null);
      showMessage('The SignalR client library (lib/signalr.min.js) did not load.');
      return;
    }
    var live = C.createLive(root.signalR, { onStatus: setStatus });

    function onTeam(payload) {
      state.teamStats = payload;
      noteAsOf(payload.asOf);
      renderProgress();
      renderTrend();
      scheduleRefresh(400);
    }

    live.watch('team:' + opts.team, {
      snapshot: function (p) {
        if (!state.team) {
          loadTeam(0);
        }
        onTeam(p);
      },
      push: function (m, p) { if (m === 'team') { onTeam(p); } },
      retryMaxMs: 5000
    });

    live.watch('alerts:' + opts.team, {
      snapshot: function (p) {
        // The snapshot is the whole list now: alerts not in it are settled.
        state.alerts = {};
        var list = Array.isArray(p.alerts) ? p.alerts : [];
        for (var k = 0; k < list.length; k++) {
          upsertAlert(list[k]);
        }
        noteAsOf(p.asOf);
        renderAlerts();
      },
      push: function (m, p) {
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

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', boot);
  } else {
    boot();
  }
})(typeof window !== 'undefined' ? window : this);
