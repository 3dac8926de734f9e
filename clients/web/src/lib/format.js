// Numbers, money, times and countdowns for a locale, and names as a public
// screen may show them.

const MONEY_METRICS = new Set(['fyp', 'renewalCollected']);
const DASH = '\u2014';

export function isMoneyMetric(metric) {
  return MONEY_METRICS.has(metric);
}

const isNumber = (v) => typeof v === 'number' && isFinite(v);

function moneyFormat(locale, currency, digits) {
  const options = { style: 'currency', currency, currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits, maximumFractionDigits: digits };
  try {
    return new Intl.NumberFormat(locale, options);
  } catch (e) {
    options.currencyDisplay = 'symbol'; // older engines know no narrowSymbol
    return new Intl.NumberFormat(locale, options);
  }
}

/**
 * Number formatting for a locale: `money(v)` (currency, whole units),
 * `moneyExact(v)` (with cents when there are any), `count(v)`,
 * `metric(name, v)`, `percent(ratio)`.
 */
export function makeFormatters(locale, currency) {
  const code = typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency.trim()) ? currency.trim().toUpperCase() : 'CNY';
  const whole = moneyFormat(locale, code, 0);
  const cents = moneyFormat(locale, code, 2);
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const f = {
    // Screens show money in whole units (a wall of cents is hard to read
    // from across the room); moneyExact keeps the cents.
    money: (v) => (isNumber(v) ? whole.format(Math.round(v)) : DASH),
    moneyExact: (v) => {
      if (!isNumber(v)) {
        return DASH;
      }
      return Math.round(v * 100) % 100 === 0 ? whole.format(v) : cents.format(v);
    },
    count: (v) => (isNumber(v) ? count.format(v) : DASH),
    percent: (v) => (isNumber(v) ? percent.format(v) : DASH),
    metric: (metric, v) => (isMoneyMetric(metric) ? f.money(v) : f.count(v)),
    currency: code
  };
  return f;
}

/** "10:15:03" for an instant, in the branch's time zone when known. */
export function formatTime(iso, locale, timeZone, withDate) {
  const d = new Date(iso);
  if (!iso || isNaN(d.getTime())) {
    return DASH;
  }
  const options = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
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

const pad2 = (n) => (n < 10 ? `0${n}` : String(n));

/** A countdown: "02:13:05", or "3d 02:13:05" (translated) beyond a day. */
export function formatCountdown(ms, t) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const hms = `${pad2(Math.floor((total % 86400) / 3600))}:${pad2(Math.floor((total % 3600) / 60))}:${pad2(total % 60)}`;
  return days > 0 ? t('campaign.days', { d: days, hms }) : hms;
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '令狐', '慕容', '夏侯',
  '尉迟', '公孙', '长孙', '宇文', '司徒', '端木', '澹台', '申屠', '轩辕', '独孤', '南宫'];

/**
 * A name as a public screen may show it. mode 'full' shows it as it is;
 * 'initial' shows the surname and an initial: Chinese names keep the
 * surname (one character, or a known two-character one) and mask the rest
 * with '*' (王芳 -> 王*, 欧阳娜娜 -> 欧阳**); Latin names keep the first
 * word and the initials of the others (Wang Fang -> Wang F.; "Smith, John"
 * -> Smith J.).
 */
export function maskName(name, mode) {
  const text = typeof name === 'string' ? name.trim() : '';
  if (!text || mode !== 'initial') {
    return text;
  }
  if (CJK.test(text.charAt(0))) {
    const chars = Array.from(text.replace(/\s+/g, ''));
    if (chars.length <= 1) {
      return chars.join('');
    }
    const keep = chars.length >= 3 && COMPOUND_SURNAMES.indexOf(chars[0] + chars[1]) >= 0 ? 2 : 1;
    return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
  }
  const words = text.replace(/,/g, ' ').split(/\s+/).filter((w) => w.length > 0);
  if (words.length <= 1) {
    return words[0] || text;
  }
  return `${words[0]} ${words.slice(1).map((w) => `${w.charAt(0).toUpperCase()}.`).join('')}`;
}

/**
 * A person's name as a screen shows it: as `mode` says (see maskName), or
 * `hidden` (a neutral placeholder) when there is none: the server leaves the
 * name out for display tokens when the branch's display policy or the agent
 * asks for it.
 */
export function personName(name, mode, hidden) {
  return maskName(name, mode) || hidden;
}
