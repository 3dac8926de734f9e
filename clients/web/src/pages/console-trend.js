// The console's trend chart: the team's cumulative FYP this month against
// the plan line (the month target spread over the branch's working time, as
// the server's elapsedShareByDay shapes it).
import { $, el } from '../lib/dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const DAY_MS = 86400000;

/**
 * The month's cumulative FYP against the plan, as points for the chart.
 * `month` is the team's month stats (period, metrics, targets, elapsedShare,
 * elapsedShareByDay); `daily` maps day of month (1-based) to that day's FYP
 * for the days before today; `today` is today's day of month.
 * Returns {days, actual: [[x, y]], plan: [[x, y]] | null, target, planToDate, actualToDate}
 * with x in days since the month's start.
 */
export function trendOf(month, daily, today, now) {
  const start = Date.parse(month && month.period ? month.period.start : '');
  const end = Date.parse(month && month.period ? month.period.end : '');
  if (isNaN(start) || isNaN(end)) {
    return null;
  }
  const days = Math.round((end - start) / DAY_MS);
  const actualToDate = month.metrics && typeof month.metrics.fyp === 'number' ? month.metrics.fyp : 0;
  const actual = [[0, 0]];
  let sum = 0;
  for (let d = 1; d < today; d++) {
    sum += typeof daily[d] === 'number' ? daily[d] : 0;
    actual.push([d, sum]);
  }
  const dayStart = start + (today - 1) * DAY_MS;
  const within = Math.max(0, Math.min(1, (now - dayStart) / DAY_MS));
  actual.push([today - 1 + within, actualToDate]);
  const target = month.targets && typeof month.targets.fyp === 'number' && month.targets.fyp > 0 ? month.targets.fyp : null;
  const shares = Array.isArray(month.elapsedShareByDay) && month.elapsedShareByDay.length === days ? month.elapsedShareByDay : null;
  let plan = null;
  let planToDate = null;
  if (target !== null && shares) {
    plan = [[0, 0]].concat(shares.map((share, i) => [i + 1, target * share]));
    planToDate = typeof month.elapsedShare === 'number' ? target * month.elapsedShare : null;
  }
  return { days, actual, plan, target, planToDate, actualToDate };
}

function svgNode(name, attrs) {
  const node = document.createElementNS(SVG, name);
  for (const k of Object.keys(attrs)) {
    node.setAttribute(k, attrs[k]);
  }
  return node;
}

/** Draws a trend (from trendOf) into #trend-svg and its legend. */
export function drawTrend(trend, t, fmt) {
  const w = 400;
  const h = 170;
  const pad = { l: 6, r: 6, t: 10, b: 16 };
  const top = Math.max(trend.target || 0, trend.actualToDate, 1) * 1.08;
  const x = (d) => pad.l + (w - pad.l - pad.r) * d / trend.days;
  const y = (v) => h - pad.b - (h - pad.t - pad.b) * v / top;
  const points = (list) => list.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
  const svg = svgNode('svg', { viewBox: `0 0 ${w} ${h}`, id: 'trend-svg', 'data-testid': 'trend-svg', preserveAspectRatio: 'none' });
  svg.appendChild(svgNode('line', { x1: pad.l, x2: w - pad.r, y1: y(0), y2: y(0), 'class': 'axis' }));
  for (let k = 7; k < trend.days; k += 7) {
    svg.appendChild(svgNode('line', { x1: x(k), x2: x(k), y1: pad.t, y2: y(0), 'class': 'grid' }));
  }
  if (trend.plan) {
    svg.appendChild(svgNode('polyline', { points: points(trend.plan), 'class': 'plan', 'data-testid': 'trend-plan' }));
  }
  const last = trend.actual[trend.actual.length - 1];
  svg.appendChild(svgNode('polygon', {
    points: `${points(trend.actual)} ${x(last[0]).toFixed(1)},${y(0)} ${x(0)},${y(0)}`,
    'class': 'area'
  }));
  svg.appendChild(svgNode('polyline', { points: points(trend.actual), 'class': 'actual', 'data-testid': 'trend-actual' }));
  svg.appendChild(svgNode('circle', { cx: x(last[0]), cy: y(last[1]), r: 4, 'class': 'dot' }));
  const old = $('trend-svg');
  old.parentNode.replaceChild(svg, old);

  const legend = $('trend-legend');
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
