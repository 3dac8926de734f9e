/*
 * Shared code of the office display (display.html) and the supervisor
 * console (console.html): language and number formatting, name masking for
 * public screens, the branch's working calendar (for pace markers and the
 * plan line), the version gate, and a SignalR connection that reconnects
 * forever and subscribes every watched topic again after each (re)connect.
 *
 * A classic script (no modules, no optional chaining, no arrow functions) so
 * that older TV browsers run it too. In a browser it defines the global
 * `TrackingCommon`; under Node it is a CommonJS module for the unit tests.
 */
(function (root) {
  'use strict';

  var METRICS = ['fyp', 'policies', 'calls', 'visits', 'salesVisits', 'proactiveVisits',
    'aClassSalesVisits', 'serviceVisits', 'collectionVisits', 'renewalCollected'];
  var MONEY_METRICS = { fyp: true, renewalCollected: true };
  var PERIODS = ['day', 'week', 'month'];
  var MAX_RETRY_DELAY_MS = 10000;

  // ------------------------------------------------------------ messages

  var MESSAGES = {
    en: {
      'metric.calls': 'Calls',
      'metric.visits': 'Visits',
      'metric.collectionVisits': 'Collection visits',
      'metric.serviceVisits': 'Service visits',
      'metric.salesVisits': 'Sales visits',
      'metric.proactiveVisits': 'Proactive visits',
      'metric.aClassSalesVisits': 'A-class sales visits',
      'metric.policies': 'Policies',
      'metric.fyp': 'FYP',
      'metric.renewalCollected': 'Renewals collected',
      'period.day': 'Today',
      'period.week': 'This week',
      'period.month': 'This month',
      'status.idle': 'Not connected',
      'status.connecting': 'Connecting\u2026',
      'status.live': 'Live',
      'status.reconnecting': 'Reconnecting\u2026',
      'asOf': 'Data as of {time}',
      'asOf.none': 'Waiting for data\u2026',
      'offlineSince': 'offline since {time}',
      'display.title': '{branch} \u00b7 live board',
      'display.hint.title': 'Which branch should this screen show?',
      'display.hint.body': 'Add the branch to the address, for example:',
      'display.empty': 'No results yet \u2014 the first one takes the lead.',
      'display.teams': 'Team totals',
      'display.rank': '#',
      'display.agent': 'Agent',
      'display.keys': '\u2190 \u2192 metric \u00b7 \u2191 \u2193 period \u00b7 1 2 3 today / week / month',
      'display.privacy': 'Public screen: top {top} only',
      'campaign.scheduled': 'Starts in {time}',
      'campaign.running': 'Ends in {time}',
      'campaign.finished': 'Final standings',
      'campaign.frozen': 'Final standings (frozen)',
      'campaign.closing': 'Counting late results\u2026',
      'campaign.days': '{d}d {hms}',
      'celebrate.label': 'Battle report',
      'celebrate.policy': '{name} closed a policy',
      'celebrate.targetReached': '{name} reached the {metric} target',
      'celebrate.merged': '(+{n} more)',
      'celebrate.rankUp': '{name} moved up',
      'celebrate.campaignWon': '{name} won {campaign}',
      'console.title': '{team} \u00b7 supervisor console',
      'console.hint.title': 'Which team should this console show?',
      'console.hint.body': 'Add the team to the address, for example:',
      'console.progress': 'Progress against standards',
      'console.legend': 'Bar: result against the standard \u00b7 line: where pace should be by now',
      'console.agent': 'Agent',
      'console.team': 'Team total',
      'console.noTarget': 'no standard',
      'console.alerts': 'Open alerts',
      'console.noAlerts': 'No open alerts.',
      'console.ack': 'Acknowledge',
      'console.acking': 'Acknowledging\u2026',
      'console.acknowledged': 'acknowledged {time}',
      'console.raised': 'raised {time}',
      'console.ackFailed': 'Could not acknowledge: {error}',
      'console.trend': 'FYP this month against plan',
      'console.trend.actual': 'Actual {value}',
      'console.trend.plan': 'Plan to date {value}',
      'console.trend.target': 'Month plan {value}',
      'console.trend.noPlan': 'No month FYP plan set',
      'console.noMembers': 'No agents in this team yet.',
      'console.unknownTeam': 'Team \u201c{team}\u201d is not known (yet); retrying\u2026',
      'alert.inactive': 'No call or visit for {actual} working hours (limit {expected} h)',
      'alert.behindPace': '{metric} behind pace: {actual} of {expected} expected by now',
      'rule.inactive': 'Inactive',
      'rule.behindPace': 'Behind pace',
      'console.openCount': '{n} open',
      'status.open': 'open',
      'status.acknowledged': 'acknowledged',
      'status.resolved': 'resolved'
    },
    'zh-CN': {
      'metric.calls': '电话',
      'metric.visits': '拜访',
      'metric.collectionVisits': '收费访',
      'metric.serviceVisits': '服务访',
      'metric.salesVisits': '销售访',
      'metric.proactiveVisits': '主动拜访',
      'metric.aClassSalesVisits': 'A类销售访',
      'metric.policies': '件数',
      'metric.fyp': '首年保费',
      'metric.renewalCollected': '续期实收',
      'period.day': '今日',
      'period.week': '本周',
      'period.month': '本月',
      'status.idle': '未连接',
      'status.connecting': '连接中\u2026',
      'status.live': '实时',
      'status.reconnecting': '重新连接中\u2026',
      'asOf': '数据截至 {time}',
      'asOf.none': '等待数据\u2026',
      'offlineSince': '自 {time} 起离线',
      'display.title': '{branch} \u00b7 实时战报',
      'display.hint.title': '此屏幕显示哪个营业部？',
      'display.hint.body': '请在地址中加上营业部，例如：',
      'display.empty': '暂无业绩，第一单即领跑！',
      'display.teams': '团队合计',
      'display.rank': '#',
      'display.agent': '业务员',
      'display.keys': '\u2190 \u2192 切换指标 \u00b7 \u2191 \u2193 切换周期 \u00b7 1 2 3 今日/本周/本月',
      'display.privacy': '公共屏幕：仅显示前 {top} 名',
      'campaign.scheduled': '距开始 {time}',
      'campaign.running': '距结束 {time}',
      'campaign.finished': '最终排名',
      'campaign.frozen': '最终排名（已锁定）',
      'campaign.closing': '正在统计补录业绩\u2026',
      'campaign.days': '{d}天 {hms}',
      'celebrate.label': '战报',
      'celebrate.policy': '恭喜 {name} 签单',
      'celebrate.targetReached': '恭喜 {name} 达成{metric}目标',
      'celebrate.merged': '（另有 {n} 单）',
      'celebrate.rankUp': '{name} 排名上升',
      'celebrate.campaignWon': '恭喜 {name} 赢得{campaign}',
      'console.title': '{team} \u00b7 主管看板',
      'console.hint.title': '此看板显示哪个团队？',
      'console.hint.body': '请在地址中加上团队，例如：',
      'console.progress': '标准达成进度',
      'console.legend': '进度条：对照标准的完成度 \u00b7 竖线：此刻应达到的进度',
      'console.agent': '业务员',
      'console.team': '团队合计',
      'console.noTarget': '未设标准',
      'console.alerts': '待处理预警',
      'console.noAlerts': '暂无待处理预警。',
      'console.ack': '确认',
      'console.acking': '确认中\u2026',
      'console.acknowledged': '已于 {time} 确认',
      'console.raised': '{time} 发出',
      'console.ackFailed': '确认失败：{error}',
      'console.trend': '本月首年保费累计与计划',
      'console.trend.actual': '实际 {value}',
      'console.trend.plan': '计划进度 {value}',
      'console.trend.target': '月计划 {value}',
      'console.trend.noPlan': '未设置本月首年保费计划',
      'console.noMembers': '此团队暂无业务员。',
      'console.unknownTeam': '团队\u201c{team}\u201d尚不存在，正在重试\u2026',
      'alert.inactive': '已 {actual} 个工作小时无电话或拜访（上限 {expected} 小时）',
      'alert.behindPace': '{metric}落后进度：实际 {actual}，此刻应达 {expected}',
      'rule.inactive': '未活动',
      'rule.behindPace': '落后进度',
      'console.openCount': '{n} 条待处理',
      'status.open': '待处理',
      'status.acknowledged': '已确认',
      'status.resolved': '已解除'
    }
  };

  function trimmed(value) {
    return typeof value === 'string' ? value.trim() : '';
  }

  /**
   * The page's language: the `lang` query parameter when it names a
   * supported one, else the browser's languages (any zh-* is zh-CN), else
   * English.
   */
  function pickLanguage(langParam, navigatorLanguages) {
    var candidates = [];
    if (trimmed(langParam)) {
      candidates.push(trimmed(langParam));
    }
    var nav = navigatorLanguages || [];
    for (var i = 0; i < nav.length; i++) {
      if (nav[i]) {
        candidates.push(String(nav[i]));
      }
    }
    for (var j = 0; j < candidates.length; j++) {
      var c = candidates[j].toLowerCase();
      if (c === 'zh' || c.indexOf('zh-') === 0 || c.indexOf('zh_') === 0) {
        return 'zh-CN';
      }
      if (c === 'en' || c.indexOf('en-') === 0 || c.indexOf('en_') === 0) {
        return 'en';
      }
    }
    return 'en';
  }

  /**
   * The locale for numbers and dates: an explicit `locale` parameter, else
   * the browser's own locale when it is of the chosen language (en-GB keeps
   * its date order), else the language's default (zh-CN, en-US).
   */
  function pickLocale(lang, localeParam, navigatorLanguages) {
    var explicit = trimmed(localeParam);
    if (explicit && isValidLocale(explicit)) {
      return explicit;
    }
    var nav = navigatorLanguages || [];
    var prefix = lang === 'zh-CN' ? 'zh' : 'en';
    for (var i = 0; i < nav.length; i++) {
      var n = String(nav[i] || '');
      if (n.toLowerCase().indexOf(prefix) === 0 && isValidLocale(n)) {
        return n;
      }
    }
    return lang === 'zh-CN' ? 'zh-CN' : 'en-US';
  }

  function isValidLocale(locale) {
    try {
      new Intl.NumberFormat(locale);
      return true;
    } catch (e) {
      return false;
    }
  }

  /** A translator: t(key, {name: value}) in the language, English as fallback. */
  function makeTranslator(lang) {
    var table = MESSAGES[lang] || MESSAGES.en;
    return function (key, args) {
      var text = Object.prototype.hasOwnProperty.call(table, key) ? table[key]
        : (Object.prototype.hasOwnProperty.call(MESSAGES.en, key) ? MESSAGES.en[key] : key);
      if (args) {
        text = text.replace(/\{(\w+)\}/g, function (all, name) {
          return Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : all;
        });
      }
      return text;
    };
  }

  // ---------------------------------------------------------- formatting

  function isMoneyMetric(metric) {
    return MONEY_METRICS[metric] === true;
  }

  /**
   * Number formatting for a locale: `money(v)` (currency, whole units),
   * `moneyExact(v)` (with cents when there are any), `count(v)`,
   * `metric(name, v)`, `percent(ratio)`.
   */
  function makeFormatters(locale, currency) {
    var cur = /^[A-Za-z]{3}$/.test(trimmed(currency)) ? trimmed(currency).toUpperCase() : 'CNY';
    function moneyFormat(digits) {
      var options = { style: 'currency', currency: cur, currencyDisplay: 'narrowSymbol',
        minimumFractionDigits: digits, maximumFractionDigits: digits };
      try {
        return new Intl.NumberFormat(locale, options);
      } catch (e) {
        options.currencyDisplay = 'symbol'; // older engines know no narrowSymbol
        return new Intl.NumberFormat(locale, options);
      }
    }
    var whole = moneyFormat(0);
    var cents = moneyFormat(2);
    var count = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    var percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    function ok(v) {
      return typeof v === 'number' && isFinite(v);
    }
    var f = {
      // Screens show money in whole units (a wall of cents is hard to read
      // from across the room); moneyExact keeps the cents.
      money: function (v) {
        return ok(v) ? whole.format(Math.round(v)) : '\u2014';
      },
      moneyExact: function (v) {
        if (!ok(v)) {
          return '\u2014';
        }
        return Math.round(v * 100) % 100 === 0 ? whole.format(v) : cents.format(v);
      },
      count: function (v) {
        return ok(v) ? count.format(v) : '\u2014';
      },
      percent: function (v) {
        return ok(v) ? percent.format(v) : '\u2014';
      },
      metric: function (metric, v) {
        return isMoneyMetric(metric) ? f.money(v) : f.count(v);
      },
      currency: cur
    };
    return f;
  }

  /** "10:15:03" for an instant, in the branch's time zone when known. */
  function formatTime(iso, locale, timeZone, withDate) {
    var d = new Date(iso);
    if (!iso || isNaN(d.getTime())) {
      return '\u2014';
    }
    var options = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
    if (withDate) {
      options.month = '2-digit';
      options.day = '2-digit';
    }
    if (timeZone) {
      options.timeZone = timeZone;
    }
    try {
      return new Intl.DateTimeFormat(locale, options).format(d);
    } catch (e) {
      delete options.timeZone;
      return new Intl.DateTimeFormat(locale, options).format(d);
    }
  }

  /** A countdown: "02:13:05", or "3d 02:13:05" (translated) beyond a day. */
  function formatCountdown(ms, t) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var days = Math.floor(total / 86400);
    var h = Math.floor((total % 86400) / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = total % 60;
    var hms = pad2(h) + ':' + pad2(m) + ':' + pad2(s);
    return days > 0 ? t('campaign.days', { d: days, hms: hms }) : hms;
  }

  function pad2(n) {
    return n < 10 ? '0' + n : String(n);
  }

  // --------------------------------------------------------- name masking

  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '令狐', '慕容', '夏侯',
    '尉迟', '公孙', '长孙', '宇文', '司徒', '端木', '澹台', '申屠', '轩辕', '独孤', '南宫'];

  /**
   * A name as a public screen may show it. mode 'full' shows it as it is;
   * 'initial' shows the surname and an initial: Chinese names keep the
   * surname (one character, or a known two-character one) and mask the rest
   * with '*' (王芳 -> 王*, 欧阳娜娜 -> 欧阳**); Latin names keep the first
   * word and the initials of the others (Wang Fang -> Wang F.; "Smith, John"
   * -> Smith J.).
   */
  function maskName(name, mode) {
    var text = typeof name === 'string' ? name.trim() : '';
    if (!text || mode !== 'initial') {
      return text;
    }
    if (CJK.test(text.charAt(0))) {
      var chars = Array.from ? Array.from(text.replace(/\s+/g, '')) : text.replace(/\s+/g, '').split('');
      if (chars.length <= 1) {
        return chars.join('');
      }
      var keep = 1;
      if (chars.length >= 3 && COMPOUND_SURNAMES.indexOf(chars[0] + chars[1]) >= 0) {
        keep = 2;
      }
      var masked = chars.slice(0, keep).join('');
      for (var i = keep; i < chars.length; i++) {
        masked += '*';
      }
      return masked;
    }
    var words = text.replace(/,/g, ' ').split(/\s+/).filter(function (w) { return w.length > 0; });
    if (words.length <= 1) {
      return words[0] || text;
    }
    var out = words[0];
    var initials = [];
    for (var j = 1; j < words.length; j++) {
      initials.push(words[j].charAt(0).toUpperCase() + '.');
    }
    return out + ' ' + initials.join('');
  }

  // ------------------------------------------------------------- options

  function intParam(params, name, min, max, fallback, problems) {
    var raw = trimmed(params.get(name));
    if (!raw) {
      return fallback;
    }
    if (/^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max) {
      return Number(raw);
    }
    problems.push(name);
    return fallback;
  }

  function flagParam(params, name, fallback) {
    var raw = trimmed(params.get(name)).toLowerCase();
    if (!raw) {
      return fallback;
    }
    return !(raw === '0' || raw === 'false' || raw === 'no' || raw === 'off');
  }

  function isValidId(id) {
    return typeof id === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(id);
  }

  /** The canonical topic name of a leaderboard (the default top 50 is left out, as the server names it). */
  function leaderboardTopic(branch, metric, period, scope, top) {
    return 'leaderboard:' + branch + ':' + metric + ':' + period + ':' + scope + (top === 50 ? '' : ':' + top);
  }

  // --------------------------------------------------- working calendar

  var DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  var zoneFormats = {};

  function zoneFormat(timeZone) {
    if (!zoneFormats[timeZone]) {
      zoneFormats[timeZone] = new Intl.DateTimeFormat('en-US', {
        timeZone: timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric'
      });
    }
    return zoneFormats[timeZone];
  }

  /** The zone's UTC offset in minutes at an instant (ms). */
  function zoneOffsetMinutes(timeZone, ms) {
    var parts = zoneFormat(timeZone).formatToParts(new Date(ms));
    var v = {};
    for (var i = 0; i < parts.length; i++) {
      v[parts[i].type] = Number(parts[i].value);
    }
    var asUtc = Date.UTC(v.year, v.month - 1, v.day, v.hour === 24 ? 0 : v.hour, v.minute, v.second);
    return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  }

  /** "+08:00" at the end of an ISO instant -> 480 (minutes), or null. */
  function isoOffsetMinutes(iso) {
    var m = /([+-])(\d{2}):?(\d{2})$/.exec(typeof iso === 'string' ? iso : '');
    if (!m) {
      return /Z$/.test(iso || '') ? 0 : null;
    }
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }

  /**
   * A branch's working calendar from its record (GET /api/v1/branches/{id}):
   * timeZone, workingDays (default Monday-Friday), workingHours (default
   * 09:00-18:00). Without Intl time-zone support it falls back to a fixed
   * offset (`fallbackOffsetMinutes`, e.g. read off a period's start).
   */
  function makeCalendar(branch, fallbackOffsetMinutes) {
    var b = branch || {};
    var days = Array.isArray(b.workingDays) && b.workingDays.length
      ? b.workingDays : ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
    var hours = b.workingHours || {};
    var zone = typeof b.timeZone === 'string' ? b.timeZone : '';
    if (zone) {
      try {
        zoneOffsetMinutes(zone, Date.now());
      } catch (e) {
        zone = '';
      }
    }
    var fixed = typeof fallbackOffsetMinutes === 'number' ? fallbackOffsetMinutes : 0;
    return {
      timeZone: zone,
      workingDays: days,
      opens: minutesOf(hours.start, 9 * 60),
      closes: minutesOf(hours.end, 18 * 60),
      offsetAt: function (ms) {
        return zone ? zoneOffsetMinutes(zone, ms) : fixed;
      }
    };
  }

  function minutesOf(hhmm, fallback) {
    var m = /^(\d{2}):(\d{2})$/.exec(typeof hhmm === 'string' ? hhmm : '');
    return m ? Number(m[1]) * 60 + Number(m[2]) : fallback;
  }

  /** The local date [y, m (0-based), d] of an instant in the calendar's zone. */
  function localDate(calendar, ms) {
    var local = new Date(ms + calendar.offsetAt(ms) * 60000);
    return [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
  }

  /** The instant (ms) of a local wall time in the calendar's zone. */
  function localToInstant(calendar, y, m, d, minutes) {
    var guess = Date.UTC(y, m, d, 0, minutes);
    var offset = calendar.offsetAt(guess);
    var t = guess - offset * 60000;
    var second = calendar.offsetAt(t);
    return second === offset ? t : guess - second * 60000;
  }

  /** Working time (ms) inside [from, to). */
  function workingTimeBetween(calendar, from, to) {
    if (!(to > from)) {
      return 0;
    }
    var total = 0;
    var day = localDate(calendar, from);
    var last = localDate(calendar, to);
    var cursor = Date.UTC(day[0], day[1], day[2]);
    var end = Date.UTC(last[0], last[1], last[2]);
    for (var guard = 0; cursor <= end && guard < 400; guard++, cursor += 86400000) {
      var date = new Date(cursor);
      if (calendar.workingDays.indexOf(DAY_NAMES[date.getUTCDay()]) < 0) {
        continue;
      }
      var y = date.getUTCFullYear();
      var mo = date.getUTCMonth();
      var d = date.getUTCDate();
      var opens = localToInstant(calendar, y, mo, d, calendar.opens);
      var closes = localToInstant(calendar, y, mo, d, calendar.closes);
      var a = Math.max(opens, from);
      var b = Math.min(closes, to);
      if (b > a) {
        total += b - a;
      }
    }
    return total;
  }

  /**
   * Share in [0, 1] of the working time of [from, to) that has passed at
   * `now` (all in ms); a window without working time is 0 until it ends.
   * The server's pace uses the same rule.
   */
  function elapsedShare(calendar, from, to, now) {
    var total = workingTimeBetween(calendar, from, to);
    if (total === 0) {
      return now >= to ? 1 : 0;
    }
    return workingTimeBetween(calendar, from, Math.min(now, to)) / total;
  }

  /**
   * Where the pace marker of a bar goes: the share of the target expected by
   * now. The server's own figures give it exactly (attainment ÷ pace) when
   * both are above zero; otherwise the branch calendar says it.
   */
  function expectedShare(attainment, pace, calendar, period, now) {
    if (typeof attainment === 'number' && typeof pace === 'number' && attainment > 0 && pace > 0) {
      return Math.max(0, Math.min(1, attainment / pace));
    }
    if (!calendar || !period) {
      return null;
    }
    var from = Date.parse(period.start);
    var to = Date.parse(period.end);
    if (isNaN(from) || isNaN(to)) {
      return null;
    }
    return elapsedShare(calendar, from, to, now);
  }

  // --------------------------------------------------------------- live

  /**
   * Delay before retry number `attempt` (0-based): 0.5 s doubling up to the
   * cap (default 10 s), plus up to 20% jitter, never above the cap and never
   * null, so retries go on for good.
   */
  function retryDelay(attempt, random, capMs) {
    var cap = capMs || MAX_RETRY_DELAY_MS;
    var n = Math.max(0, Number(attempt) || 0);
    var base = Math.min(cap, 500 * Math.pow(2, Math.min(n, 16)));
    var r = typeof random === 'function' ? random() : Math.random();
    return Math.round(Math.min(cap, base * (1 + 0.2 * r)));
  }

  /**
   * Keeps the highest version seen per topic; `accept(payload)` is true for
   * a payload newer than everything seen for its topic. `reset(topic)`
   * forgets a topic (before subscribing on a new connection, whose snapshot
   * is the truth even if a restarted server counts from lower versions).
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
        if (seen !== undefined && payload.version <= seen) {
          return false;
        }
        latest[topic] = payload.version;
        return true;
      },
      reset: function (topic) {
        delete latest[topic];
      },
      version: function (topic) {
        return latest[topic];
      }
    };
  }

  /** The topic a pushed payload belongs to (payloads name it; campaign ones may only carry their id). */
  function topicOf(message, payload) {
    if (payload && typeof payload.topic === 'string' && payload.topic) {
      return payload.topic;
    }
    if (!payload) {
      return '';
    }
    if (message === 'campaign' && payload.campaignId) {
      return 'campaign:' + payload.campaignId;
    }
    if (message === 'alert' && payload.teamId) {
      return 'alerts:' + payload.teamId;
    }
    if (message === 'celebration' && payload.branchId) {
      return 'branch:' + payload.branchId;
    }
    if (message === 'team' && payload.teamId) {
      return 'team:' + payload.teamId;
    }
    return '';
  }

  /**
   * One SignalR connection to /hubs/tracking for a page.
   *
   *   var live = createLive(signalR, {onStatus: fn(state, since)});
   *   live.watch(topic, {snapshot: fn(p), push: fn(message, p), error: fn(err), retryMaxMs});
   *   live.unwatch(topic);
   *   live.start();
   *
   * It reconnects forever (automatic reconnect whose policy never returns
   * null, and a fresh start after `onclose`), and after every (re)connect it
   * subscribes each watched topic again and hands over the fresh snapshot.
   * A subscription that fails (e.g. the topic's owner is not known yet, as
   * after an in-memory server restarts) is retried with back-off on the same
   * connection. Payloads pass a version gate per topic.
   */
  function createLive(signalR, options) {
    var opts = options || {};
    var log = opts.log || (root.console ? root.console : { warn: function () {} });
    var connection = new signalR.HubConnectionBuilder()
      .withUrl(opts.url || '/hubs/tracking')
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: function (ctx) {
          return retryDelay(ctx && ctx.previousRetryCount);
        }
      })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    var gate = createVersionGate();
    var watched = Object.create(null);
    var state = 'idle';
    var offlineSince = null;
    var startAttempt = 0;
    var starting = false;
    var everLive = false;

    function setState(next) {
      if (next === 'live') {
        offlineSince = null;
        everLive = true;
      } else if (offlineSince === null && everLive) {
        offlineSince = new Date();
      }
      state = next;
      if (opts.onStatus) {
        opts.onStatus(next, offlineSince);
      }
    }

    function connected() {
      return connection.state === signalR.HubConnectionState.Connected;
    }

    function subscribe(topic) {
      var w = watched[topic];
      if (!w || !connected()) {
        return;
      }
      if (w.timer !== null) {
        clearTimeout(w.timer);
        w.timer = null;
      }
      var connectionId = connection.connectionId;
      if (w.connectionId !== connectionId) {
        // A new connection: its snapshot is the truth, whatever was held before.
        gate.reset(topic);
        w.connectionId = connectionId;
      }
      connection.invoke('Subscribe', topic).then(function (snapshot) {
        if (watched[topic] !== w) {
          return;
        }
        w.attempt = 0;
        w.subscribed = true;
        if (snapshot && typeof snapshot === 'object') {
          if (typeof snapshot.topic !== 'string' || !snapshot.topic) {
            snapshot.topic = topic;
          }
          if (snapshot.topic !== topic) {
            watched[snapshot.topic] = w; // the server's spelling of the same topic
          }
          if (gate.accept(snapshot) && w.snapshot) {
            w.snapshot(snapshot);
          }
        }
      }, function (err) {
        if (watched[topic] !== w || !connected() || connection.connectionId !== connectionId) {
          return; // unwatched, or a reconnect subscribes anew
        }
        w.subscribed = false;
        if (w.error) {
          w.error(err);
        }
        w.timer = setTimeout(function () {
          w.timer = null;
          subscribe(topic);
        }, retryDelay(w.attempt++, null, w.retryMaxMs));
      });
    }

    function subscribeAll() {
      var seen = [];
      for (var topic in watched) {
        if (seen.indexOf(watched[topic]) < 0) {
          seen.push(watched[topic]);
          subscribe(watched[topic].topic);
        }
      }
    }

    function dispatch(message) {
      connection.on(message, function (payload) {
        var topic = topicOf(message, payload);
        var w = watched[topic];
        if (!w) {
          return;
        }
        if (payload && (typeof payload.topic !== 'string' || !payload.topic)) {
          payload.topic = topic;
        }
        if (gate.accept(payload) && w.push) {
          w.push(message, payload);
        }
      });
    }
    var messages = ['leaderboard', 'team', 'campaign', 'alert', 'celebration'];
    for (var i = 0; i < messages.length; i++) {
      dispatch(messages[i]);
    }

    function start() {
      if (starting || connection.state !== signalR.HubConnectionState.Disconnected) {
        return;
      }
      starting = true;
      setState(everLive ? 'reconnecting' : 'connecting');
      connection.start().then(function () {
        starting = false;
        startAttempt = 0;
        setState('live');
        subscribeAll();
      }, function (err) {
        starting = false;
        log.warn('Tracking: connection failed, retrying', err);
        setTimeout(start, retryDelay(startAttempt++));
      });
    }

    connection.onreconnecting(function () {
      setState('reconnecting');
    });
    connection.onreconnected(function () {
      setState('live');
      subscribeAll();
    });
    connection.onclose(function () {
      // The automatic reconnect never gives up, but a server that closes the
      // connection on purpose (shutting down) ends it without a reconnect:
      // start over, for good.
      setState('reconnecting');
      setTimeout(start, retryDelay(startAttempt++));
    });

    return {
      watch: function (topic, handlers) {
        var w = {
          topic: topic,
          snapshot: handlers.snapshot,
          push: handlers.push,
          error: handlers.error,
          retryMaxMs: handlers.retryMaxMs,
          attempt: 0,
          timer: null,
          connectionId: null,
          subscribed: false
        };
        watched[topic] = w;
        subscribe(topic);
      },
      unwatch: function (topic) {
        var w = watched[topic];
        if (!w) {
          return;
        }
        for (var name in watched) {
          if (watched[name] === w) {
            delete watched[name];
          }
        }
        if (w.timer !== null) {
          clearTimeout(w.timer);
        }
        gate.reset(topic);
        if (connected() && w.subscribed) {
          connection.invoke('Unsubscribe', topic).catch(function () { /* gone anyway */ });
        }
      },
      start: start,
      state: function () {
        return state;
      },
      connection: connection
    };
  }

  // ------------------------------------------------------------- dom

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (Object.prototype.hasOwnProperty.call(attrs, k) && attrs[k] !== undefined && attrs[k] !== null) {
          node.setAttribute(k, attrs[k]);
        }
      }
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function getJson(path) {
    return fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (r) {
      if (!r.ok) {
        var error = new Error(path + ': HTTP ' + r.status);
        error.status = r.status;
        throw error;
      }
      return r.json();
    });
  }

  var api = {
    METRICS: METRICS,
    PERIODS: PERIODS,
    MESSAGES: MESSAGES,
    MAX_RETRY_DELAY_MS: MAX_RETRY_DELAY_MS,
    pickLanguage: pickLanguage,
    pickLocale: pickLocale,
    makeTranslator: makeTranslator,
    isMoneyMetric: isMoneyMetric,
    makeFormatters: makeFormatters,
    formatTime: formatTime,
    formatCountdown: formatCountdown,
    maskName: maskName,
    intParam: intParam,
    flagParam: flagParam,
    isValidId: isValidId,
    leaderboardTopic: leaderboardTopic,
    zoneOffsetMinutes: zoneOffsetMinutes,
    isoOffsetMinutes: isoOffsetMinutes,
    makeCalendar: makeCalendar,
    localDate: localDate,
    localToInstant: localToInstant,
    workingTimeBetween: workingTimeBetween,
    elapsedShare: elapsedShare,
    expectedShare: expectedShare,
    retryDelay: retryDelay,
    createVersionGate: createVersionGate,
    topicOf: topicOf,
    createLive: createLive,
    el: el,
    getJson: getJson,
    trimmed: trimmed
  };

  if (typeof module === 'object' && module && module.exports) {
    module.exports = api;
  } else {
    root.TrackingCommon = api;
  }
})(typeof window !== 'undefined' ? window : this);
