/*
 * Live branch leaderboard.
 *
 * A classic (non-module) script written for older TV browsers as well as
 * modern ones: no optional chaining, no nullish coalescing, no ES modules.
 * It needs the SignalR browser bundle (lib/signalr.min.js), which defines the
 * global `signalR`, to be loaded first.
 *
 * Query string: branch (required), metric (fyp), period (day),
 * scope (agents), top (20), locale (browser default).
 *
 * The pure helpers at the top are exported for Node's test runner; the page
 * itself only boots inside a browser.
 */
(function (root) {
  'use strict';

  var MONEY_METRICS = { fyp: true, renewalCollected: true };
  var SCOPES = { agents: true, teams: true };
  var DEFAULTS = { metric: 'fyp', period: 'day', scope: 'agents', top: 20 };
  var MAX_RETRY_DELAY_MS = 10000;
  var HUB_URL = '/hubs/tracking';

  var METRIC_LABELS = {
    calls: 'Calls',
    visits: 'Visits',
    collectionVisits: 'Collection visits',
    serviceVisits: 'Service visits',
    salesVisits: 'Sales visits',
    proactiveVisits: 'Proactive visits',
    aClassSalesVisits: 'A-class sales visits',
    policies: 'Policies',
    fyp: 'FYP',
    renewalCollected: 'Renewals collected'
  };
  var PERIOD_LABELS = { day: 'Today', week: 'This week', month: 'This month' };

  // ---------------------------------------------------------------- helpers

  function trimmed(value) {
    return typeof value === 'string' ? value.trim() : '';
  }

  /**
   * Reads the page options from a query string (e.g. location.search).
   * Returns {branch, metric, period, scope, top, locale, topic, problems}.
   * `branch` is '' when missing; `problems` lists parameters that were
   * invalid and replaced by their defaults.
   */
  function parseOptions(search) {
    var params = new URLSearchParams(search || '');
    var problems = [];
    var branch = trimmed(params.get('branch'));
    var metric = trimmed(params.get('metric')) || DEFAULTS.metric;
    var period = trimmed(params.get('period')) || DEFAULTS.period;
    var scope = trimmed(params.get('scope')) || DEFAULTS.scope;
    if (!SCOPES[scope]) {
      problems.push('scope');
      scope = DEFAULTS.scope;
    }
    var top = DEFAULTS.top;
    var rawTop = trimmed(params.get('top'));
    if (rawTop) {
      if (/^\d+$/.test(rawTop) && Number(rawTop) >= 1 && Number(rawTop) <= 500) {
        top = Number(rawTop);
      } else {
        problems.push('top');
      }
    }
    var locale = trimmed(params.get('locale')) || undefined;
    if (locale) {
      try {
        new Intl.NumberFormat(locale);
      } catch (e) {
        problems.push('locale');
        locale = undefined;
      }
    }
    return {
      branch: branch,
      metric: metric,
      period: period,
      scope: scope,
      top: top,
      locale: locale,
      topic: branch ? buildTopic(branch, metric, period, scope, top) : '',
      problems: problems
    };
  }

  function buildTopic(branch, metric, period, scope, top) {
    return 'leaderboard:' + branch + ':' + metric + ':' + period + ':' + scope + ':' + top;
  }

  /**
   * Delay before retry number `previousRetryCount` (0-based): 0.5 s, 1 s,
   * 2 s, 4 s, 8 s, then 10 s forever, plus up to 20% jitter, never above
   * 10 s and never null (so the client keeps reconnecting for good).
   */
  function retryDelay(previousRetryCount, random) {
    var n = Math.max(0, Number(previousRetryCount) || 0);
    var base = Math.min(MAX_RETRY_DELAY_MS, 500 * Math.pow(2, Math.min(n, 16)));
    var r = typeof random === 'function' ? random() : Math.random();
    return Math.round(Math.min(MAX_RETRY_DELAY_MS, base * (1 + 0.2 * r)));
  }

  function isMoneyMetric(metric) {
    return MONEY_METRICS[metric] === true;
  }

  function makeValueFormatter(metric, locale) {
    var options = isMoneyMetric(metric)
      ? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
      : { minimumFractionDigits: 0, maximumFractionDigits: 2 };
    var nf = new Intl.NumberFormat(locale, options);
    return function (value) {
      if (typeof value !== 'number' || !isFinite(value)) {
        return '\u2014';
      }
      return nf.format(value);
    };
  }

  /**
   * Keeps, per topic, the payload with the highest version seen.
   * `accept(payload)` records it and returns true when it is newer than
   * everything seen for its topic; older or equal versions are dropped.
   * `latest(topic)` returns the newest payload seen for a topic.
   */
  function createVersionGate() {
    var latest = Object.create(null);
    return {
      accept: function (payload) {
        if (!payload || typeof payload !== 'object' ||
            typeof payload.version !== 'number' || !isFinite(payload.version)) {
          return false;
        }
        var topic = typeof payload.topic === 'string' ? payload.topic : '';
        var seen = latest[topic];
        if (seen !== undefined && payload.version <= seen.version) {
          return false;
        }
        latest[topic] = payload;
        return true;
      },
      latest: function (topic) {
        return latest[topic];
      }
    };
  }

  // "2026-11-23T00:00:00+08:00" -> [2026, 10, 23] (month 0-based), read as
  // written: the branch's local date, whatever the screen's time zone is.
  function localDateParts(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(typeof iso === 'string' ? iso : '');
    return m ? [Number(m[1]), Number(m[2]) - 1, Number(m[3])] : null;
  }

  function formatPeriod(period, locale) {
    if (!period || typeof period !== 'object') {
      return '';
    }
    var label = PERIOD_LABELS[period.kind] || period.kind || '';
    var start = localDateParts(period.start);
    if (!start) {
      return label;
    }
    var dayFmt;
    try {
      dayFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch (e) {
      dayFmt = { format: function (x) { return x.toISOString().slice(0, 10); } };
    }
    var range = dayFmt.format(new Date(Date.UTC(start[0], start[1], start[2])));
    // `end` is exclusive: show the last day that is included.
    var end = localDateParts(period.end);
    if (end) {
      var endsAtMidnight = /T00:00(:00(\.0+)?)?/.test(period.end);
      var last = new Date(Date.UTC(end[0], end[1], end[2] - (endsAtMidnight ? 1 : 0)));
      var lastText = dayFmt.format(last);
      if (lastText !== range) {
        range += ' \u2013 ' + lastText;
      }
    }
    return label + ' \u00b7 ' + range;
  }

  var core = {
    formatPeriod: formatPeriod,
    parseOptions: parseOptions,
    buildTopic: buildTopic,
    retryDelay: retryDelay,
    isMoneyMetric: isMoneyMetric,
    makeValueFormatter: makeValueFormatter,
    createVersionGate: createVersionGate,
    MAX_RETRY_DELAY_MS: MAX_RETRY_DELAY_MS
  };

  if (typeof module === 'object' && module && module.exports) {
    module.exports = core;
  }
  if (typeof document === 'undefined' || typeof window === 'undefined') {
    return;
  }

  // ------------------------------------------------------------------- page

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (Object.prototype.hasOwnProperty.call(attrs, k)) {
          node.setAttribute(k, attrs[k]);
        }
      }
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  var STATUS_LABELS = {
    idle: 'Not connected',
    connecting: 'Connecting\u2026',
    live: 'Live',
    reconnecting: 'Reconnecting\u2026'
  };

  function setStatus(state) {
    var node = $('status');
    node.setAttribute('data-state', state);
    node.className = 'status status-' + state;
    $('status-text').textContent = STATUS_LABELS[state] || state;
    document.body.setAttribute('data-connection', state);
  }

  function showMessage(text, kind) {
    var node = $('message');
    if (!text) {
      node.hidden = true;
      node.textContent = '';
      return;
    }
    node.hidden = false;
    node.className = 'message message-' + (kind || 'info');
    node.textContent = text;
  }

  function showHint(opts) {
    var example = location.pathname + '?branch=SZ01&metric=fyp&period=day&scope=agents&top=20';
    var hint = $('hint');
    hint.hidden = false;
    $('hint-example').textContent = example;
    $('hint-example').setAttribute('href', example);
    $('board').hidden = true;
    setStatus('idle');
    document.title = 'Leaderboard \u2014 choose a branch';
    if (opts.problems.length) {
      showMessage('Ignored invalid parameter(s): ' + opts.problems.join(', '), 'warn');
    }
  }

  function formatDateTime(iso, locale) {
    var d = new Date(iso);
    if (!iso || isNaN(d.getTime())) {
      return iso ? String(iso) : '\u2014';
    }
    try {
      return new Intl.DateTimeFormat(locale, {
        year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit'
      }).format(d);
    } catch (e) {
      return d.toLocaleString();
    }
  }

  function boot() {
    var opts = parseOptions(location.search);
    if (!opts.branch) {
      showHint(opts);
      return;
    }
    var paramWarning = opts.problems.length
      ? 'Ignored invalid parameter(s): ' + opts.problems.join(', ')
      : '';
    showMessage(paramWarning, 'warn');

    var metricLabel = METRIC_LABELS[opts.metric] || opts.metric;
    var formatValue = makeValueFormatter(opts.metric, opts.locale);
    var showTeam = opts.scope !== 'teams';
    var gate = createVersionGate();
    var topics = {};            // topics whose payloads this page displays
    topics[opts.topic] = true;
    var displayed = null;       // payload on screen
    var lastValues = {};        // id -> value, to highlight changes

    var board = $('board');
    board.hidden = false;
    board.setAttribute('data-topic', opts.topic);
    $('hint').hidden = true;
    $('title-branch').textContent = opts.branch;
    $('title-metric').textContent = metricLabel;
    $('title-scope').textContent = opts.scope === 'teams' ? 'Teams' : 'Agents';
    $('period').textContent = PERIOD_LABELS[opts.period] || opts.period;
    $('col-team').hidden = !showTeam;
    $('col-value').textContent = metricLabel;
    document.title = opts.branch + ' \u00b7 ' + metricLabel + ' leaderboard';
    showBranchName(opts.branch, metricLabel);

    function render(payload) {
      displayed = payload;
      var entries = Array.isArray(payload.entries) ? payload.entries : [];
      var tbody = el('tbody', { id: 'rows' });
      var seenValues = {};
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i] || {};
        var id = String(e.id);
        var tr = el('tr', { 'data-testid': 'row-' + id, 'data-id': id });
        if (e.rank === 1 || e.rank === 2 || e.rank === 3) {
          tr.className = 'top top-' + e.rank;
        }
        tr.appendChild(el('td', { 'class': 'rank', 'data-testid': 'rank-' + id }, e.rank));
        tr.appendChild(el('td', { 'class': 'name', 'data-testid': 'name-' + id }, e.name || id));
        if (showTeam) {
          tr.appendChild(el('td', { 'class': 'team', 'data-testid': 'team-' + id }, e.teamId || '\u2014'));
        }
        var valueCell = el('td', { 'class': 'value', 'data-testid': 'value-' + id }, formatValue(e.value));
        valueCell.setAttribute('data-value', String(e.value));
        if (Object.prototype.hasOwnProperty.call(lastValues, id) && lastValues[id] !== e.value) {
          tr.className += (tr.className ? ' ' : '') + 'changed';
        }
        seenValues[id] = e.value;
        tr.appendChild(valueCell);
        tbody.appendChild(tr);
      }
      if (!entries.length) {
        var empty = el('tr', { 'class': 'empty', 'data-testid': 'empty' });
        empty.appendChild(el('td', { colspan: showTeam ? '4' : '3' }, 'No results yet for this period.'));
        tbody.appendChild(empty);
      }
      lastValues = seenValues;
      var old = $('rows');
      old.parentNode.replaceChild(tbody, old);

      var asOf = $('as-of');
      asOf.textContent = formatDateTime(payload.asOf, opts.locale);
      asOf.setAttribute('datetime', payload.asOf || '');
      $('version').textContent = String(payload.version);
      board.setAttribute('data-version', String(payload.version));
      var periodText = formatPeriod(payload.period, opts.locale);
      if (periodText) {
        $('period').textContent = periodText;
      }
    }

    // Every payload goes through the gate (highest version per topic); the
    // newest one of this page's topic is shown unless the screen already
    // shows that version or a later one.
    function show(topic) {
      if (!topics[topic]) {
        return;
      }
      var best = gate.latest(topic);
      if (!best || (displayed && best.version <= displayed.version)) {
        return;
      }
      render(best);
    }

    function offer(payload) {
      if (gate.accept(payload)) {
        show(payload.topic);
      }
    }

    if (typeof root.signalR === 'undefined') {
      setStatus('idle');
      showMessage('The SignalR client library (lib/signalr.min.js) did not load.', 'error');
      return;
    }
    var signalR = root.signalR;

    var connection = new signalR.HubConnectionBuilder()
      .withUrl(HUB_URL)
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: function (ctx) {
          return retryDelay(ctx && ctx.previousRetryCount);
        }
      })
      .configureLogging(signalR.LogLevel.Warning)
      .build();

    connection.on('leaderboard', offer);

    var subscribeAttempt = 0;
    var subscribeTimer = null;

    function subscribe() {
      if (subscribeTimer !== null) {
        clearTimeout(subscribeTimer);
        subscribeTimer = null;
      }
      var connectionId = connection.connectionId;
      return connection.invoke('Subscribe', opts.topic).then(function (snapshot) {
        subscribeAttempt = 0;
        showMessage(paramWarning, 'warn');
        if (snapshot && typeof snapshot === 'object') {
          // The server names the topic in its payloads; adopt its spelling.
          if (typeof snapshot.topic !== 'string' || !snapshot.topic) {
            snapshot.topic = opts.topic;
          }
          topics[snapshot.topic] = true;
          offer(snapshot);
          show(snapshot.topic); // a push may have beaten the snapshot here
        }
      }, function (err) {
        // Only retry on the same connection; a reconnect subscribes anew.
        if (connection.state !== signalR.HubConnectionState.Connected ||
            connection.connectionId !== connectionId) {
          return;
        }
        showMessage('Could not subscribe to ' + opts.topic + ': ' + errorText(err), 'error');
        subscribeTimer = setTimeout(subscribe, retryDelay(subscribeAttempt++));
      });
    }

    var startAttempt = 0;
    var starting = false;

    function start() {
      if (starting || connection.state !== signalR.HubConnectionState.Disconnected) {
        return;
      }
      starting = true;
      setStatus(displayed ? 'reconnecting' : 'connecting');
      connection.start().then(function () {
        starting = false;
        startAttempt = 0;
        setStatus('live');
        subscribe();
      }, function (err) {
        starting = false;
        if (root.console) {
          root.console.warn('Leaderboard: connection failed, retrying', err);
        }
        setTimeout(start, retryDelay(startAttempt++));
      });
    }

    connection.onreconnecting(function () {
      setStatus('reconnecting');
    });
    connection.onreconnected(function () {
      setStatus('live');
      subscribe();
    });
    connection.onclose(function () {
      // Automatic reconnect never gives up; this only happens if the
      // connection dies in a way it does not cover. Start over.
      setStatus('reconnecting');
      setTimeout(start, retryDelay(startAttempt++));
    });

    start();
  }

  // Best effort: show the branch's name next to its id (the page works
  // without it, e.g. when the API needs a token this page does not have).
  function showBranchName(branchId, metricLabel) {
    if (typeof fetch !== 'function') {
      return;
    }
    fetch('/api/v1/branches/' + encodeURIComponent(branchId), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (branch) {
        if (branch && typeof branch.name === 'string' && branch.name && branch.name !== branchId) {
          $('title-branch').textContent = branch.name;
          $('title-branch').setAttribute('title', branchId);
          document.title = branch.name + ' \u00b7 ' + metricLabel + ' leaderboard';
        }
      })
      .catch(function () { /* keep the id */ });
  }

  function errorText(err) {
    if (!err) {
      return 'unknown error';
    }
    return err.message ? err.message : String(err);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', boot);
  } else {
    boot();
  }
})(typeof window !== 'undefined' ? window : this);
