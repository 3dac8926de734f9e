// The pages' words in English and Chinese, and how a page picks its language and locale.
import { trimmed } from './params.js';

export const MESSAGES = {
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
    'metric.renewalDue': 'Renewals due',
    'metric.renewalDueCollected': 'Due renewals collected',
    'period.day': 'Today',
    'period.week': 'This week',
    'period.month': 'This month',
    'period.quarter': 'This quarter',
    'period.year': 'This year',
    'status.idle': 'Not connected',
    'status.connecting': 'Connecting\u2026',
    'status.live': 'Live',
    'status.reconnecting': 'Reconnecting\u2026',
    'status.expired': 'Token expired',
    'status.refused': 'Not authorised',
    'status.missing': 'Token needed',
    'status.forbidden': 'Out of scope',
    'access.expired': 'The access token has expired \u2014 open the screen with a new link.',
    'access.expiredAt': 'The access token expired at {time} \u2014 open the screen with a new link.',
    'access.refused': 'The server refused the access token \u2014 open the screen with a valid link.',
    'access.missing': 'This screen needs an access token \u2014 open it with a link that carries one.',
    'access.forbidden': 'This access token does not cover what this screen shows (out of its scope).',
    'name.hidden': 'Anonymous',
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
    'display.keys': '\u2190 \u2192 metric \u00b7 \u2191 \u2193 period \u00b7 1 2 3 4 5 today / week / month / quarter / year',
    'display.privacy': 'Public screen: top {top} only',
    'display.stars': '{marks} {n}-star branch',
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
    'console.renewals': 'Renewals',
    'renewals.row.thisMonth': 'Due this month',
    'renewals.row.lastMonth': 'Due last month',
    'renewals.row.graceEnding': 'Grace ending',
    'renewals.column.2': 'Year 2',
    'renewals.column.3': 'Year 3',
    'renewals.column.4': 'Year 4+',
    'renewals.policy': 'Policy',
    'renewals.agent': 'Agent',
    'renewals.amount': 'Due',
    'renewals.collected': 'Collected',
    'renewals.daysLeft': 'Days left',
    'renewals.days': '{n} d',
    'renewals.none': 'Nothing outstanding.',
    'alert.inactive': 'No call or visit for {actual} working hours (limit {expected} h)',
    'alert.behindPace': '{metric} behind pace: {actual} of {expected} expected by now',
    'rule.inactive': 'Inactive',
    'rule.behindPace': 'Behind pace',
    'rule.renewalAtRisk': 'Renewal at risk',
    'alert.renewalAtRisk': 'Policy {policy}: {actual} of {expected} collected, grace ends {graceEndsOn}',
    'console.openCount': '{n} open',
    'console.effective': 'Effective agents this month: {n}',
    'console.collection': 'Collected this month {rate} ({collected} of {due} due)',
    'push.enable': 'Enable notifications',
    'push.working': 'One moment\u2026',
    'push.on': 'Notifications on',
    'push.blocked': 'Notifications blocked',
    'push.failed': 'Notifications failed \u2014 retry',
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
    'metric.renewalDue': '续期应收',
    'metric.renewalDueCollected': '应收已收',
    'period.day': '今日',
    'period.week': '本周',
    'period.month': '本月',
    'period.quarter': '本季度',
    'period.year': '本年度',
    'status.idle': '未连接',
    'status.connecting': '连接中\u2026',
    'status.live': '实时',
    'status.reconnecting': '重新连接中\u2026',
    'status.expired': '令牌已过期',
    'status.refused': '未授权',
    'status.missing': '需要令牌',
    'status.forbidden': '无权查看',
    'access.expired': '访问令牌已过期，请使用新的链接打开此屏幕。',
    'access.expiredAt': '访问令牌已于 {time} 过期，请使用新的链接打开此屏幕。',
    'access.refused': '服务器拒绝了此访问令牌，请使用有效的链接打开此屏幕。',
    'access.missing': '此屏幕需要访问令牌，请使用带有令牌的链接打开。',
    'access.forbidden': '此访问令牌无权查看本屏幕的内容（超出授权范围）。',
    'name.hidden': '匿名',
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
    'display.keys': '\u2190 \u2192 切换指标 \u00b7 \u2191 \u2193 切换周期 \u00b7 1 2 3 4 5 今日/本周/本月/本季度/本年度',
    'display.privacy': '公共屏幕：仅显示前 {top} 名',
    'display.stars': '{marks} {cn}星职场',
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
    'console.renewals': '续期应收',
    'renewals.row.thisMonth': '本月应收',
    'renewals.row.lastMonth': '上月应收',
    'renewals.row.graceEnding': '宽限期届满',
    'renewals.column.2': '第2年',
    'renewals.column.3': '第3年',
    'renewals.column.4': '第4年及以上',
    'renewals.policy': '保单号',
    'renewals.agent': '业务员',
    'renewals.amount': '应收',
    'renewals.collected': '实收',
    'renewals.daysLeft': '剩余天数',
    'renewals.days': '{n} 天',
    'renewals.none': '暂无未收保单。',
    'alert.inactive': '已 {actual} 个工作小时无电话或拜访（上限 {expected} 小时）',
    'alert.behindPace': '{metric}落后进度：实际 {actual}，此刻应达 {expected}',
    'rule.inactive': '未活动',
    'rule.behindPace': '落后进度',
    'rule.renewalAtRisk': '续期预警',
    'alert.renewalAtRisk': '保单 {policy}：已收 {actual} / 应收 {expected}，宽限期 {graceEndsOn} 届满',
    'console.openCount': '{n} 条待处理',
    'console.effective': '本月有效人力 {n} 人',
    'console.collection': '本月收费率 {rate}（实收 {collected} / 应收 {due}）',
    'push.enable': '开启通知',
    'push.working': '请稍候\u2026',
    'push.on': '通知已开启',
    'push.blocked': '通知已被阻止',
    'push.failed': '开启通知失败，点此重试',
    'status.open': '待处理',
    'status.acknowledged': '已确认',
    'status.resolved': '已解除'
  }
};

/**
 * The page's language: the `lang` query parameter when it names a supported
 * one, else the browser's languages (any zh-* is zh-CN), else English.
 */
export function pickLanguage(langParam, navigatorLanguages) {
  const candidates = [];
  if (trimmed(langParam)) {
    candidates.push(trimmed(langParam));
  }
  for (const language of navigatorLanguages || []) {
    if (language) {
      candidates.push(String(language));
    }
  }
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === 'zh' || c.startsWith('zh-') || c.startsWith('zh_')) {
      return 'zh-CN';
    }
    if (c === 'en' || c.startsWith('en-') || c.startsWith('en_')) {
      return 'en';
    }
  }
  return 'en';
}

/**
 * The locale for numbers and dates: an explicit `locale` parameter, else the
 * browser's own locale when it is of the chosen language (en-GB keeps its
 * date order), else the language's default (zh-CN, en-US).
 */
export function pickLocale(lang, localeParam, navigatorLanguages) {
  const explicit = trimmed(localeParam);
  if (explicit && isValidLocale(explicit)) {
    return explicit;
  }
  const prefix = lang === 'zh-CN' ? 'zh' : 'en';
  for (const language of navigatorLanguages || []) {
    const n = String(language || '');
    if (n.toLowerCase().startsWith(prefix) && isValidLocale(n)) {
      return n;
    }
  }
  return lang === 'zh-CN' ? 'zh-CN' : 'en-US';
}

export function isValidLocale(locale) {
  try {
    new Intl.NumberFormat(locale);
    return true;
  } catch (e) {
    return false;
  }
}

const has = (table, key) => Object.prototype.hasOwnProperty.call(table, key);

/** A translator: t(key, {name: value}) in the language, English as fallback. */
export function makeTranslator(lang) {
  const table = MESSAGES[lang] || MESSAGES.en;
  return (key, args) => {
    let text = has(table, key) ? table[key] : (has(MESSAGES.en, key) ? MESSAGES.en[key] : key);
    if (args) {
      text = text.replace(/\{(\w+)\}/g, (all, name) => (has(args, name) ? String(args[name]) : all));
    }
    return text;
  };
}

/** The page's language and locale from its options and the browser. */
export function languageOf(opts, nav) {
  const languages = nav && nav.languages && nav.languages.length ? nav.languages : [nav ? nav.language : ''];
  const lang = pickLanguage(opts.lang, languages);
  return { lang, locale: pickLocale(lang, opts.locale, languages), t: makeTranslator(lang) };
}
