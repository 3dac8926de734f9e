// The console's progress figures: a bar per metric with a target, its fill
// the share of the target reached, its marker the share expected by now.
// Where the marker goes is the server's figure (stats.expected ÷ target, per
// the branch's working calendar and any weekly split): no page keeps a copy
// of the calendar.
import { METRICS } from '../lib/params.js';

const BEHIND_PACE = 0.7;

const numberIn = (map, key) => (map && typeof map[key] === 'number' && isFinite(map[key]) ? map[key] : null);

/** The share of a target expected by now, in [0, 1], or null when the server did not say. */
export function expectedShare(stats, metric, target) {
  const expected = numberIn(stats.expected, metric);
  if (expected !== null && target > 0) {
    return Math.max(0, Math.min(1, expected / target));
  }
  const elapsed = typeof stats.elapsedShare === 'number' ? stats.elapsedShare : null;
  return elapsed === null ? null : Math.max(0, Math.min(1, elapsed));
}

/**
 * The bars of one stats object (agent or team, one period): one per metric
 * that has a target, in the usual metric order. state: ok on pace, warn from
 * 70 % of it, behind below.
 */
export function barsOf(stats) {
  const bars = [];
  if (!stats || !stats.targets) {
    return bars;
  }
  for (const metric of METRICS) {
    const target = numberIn(stats.targets, metric);
    if (target === null || !(target > 0)) {
      continue;
    }
    const actual = numberIn(stats.metrics, metric) || 0;
    const reached = numberIn(stats.attainment, metric);
    const attainment = reached !== null ? reached : actual / target;
    const expected = expectedShare(stats, metric, target);
    let state = 'ok';
    if (expected !== null && expected > 0) {
      const ratio = attainment / expected;
      state = ratio >= 1 ? 'ok' : (ratio >= BEHIND_PACE ? 'warn' : 'behind');
    }
    bars.push({ metric, actual, target, attainment, expected, state });
  }
  return bars;
}

/**
 * The team's figures of one period against its plan: targets are agent
 * standards (an agent's own, else its team's, else its branch's), so the
 * team's plan for a metric is the sum of its members' targets, and what it
 * should have done by now the sum of theirs. Returns a stats-like object, or
 * the team's own stats when no member has a target. The calendar figures
 * (elapsedShare, elapsedShareByDay) come from the members' stats, read
 * more recently than a team push that only carried news of the numbers.
 */
export function teamAgainstMembers(teamStats, memberStats) {
  if (!teamStats) {
    return null;
  }
  const targets = {};
  const expected = {};
  let calendarFrom = teamStats;
  let any = false;
  for (const m of memberStats) {
    if (!m) {
      continue;
    }
    if (typeof m.elapsedShare === 'number' && calendarFrom === teamStats) {
      calendarFrom = m;
    }
    for (const metric of Object.keys(m.targets || {})) {
      const target = m.targets[metric];
      if (typeof target === 'number' && target > 0) {
        targets[metric] = (targets[metric] || 0) + target;
        expected[metric] = (expected[metric] || 0) + (numberIn(m.expected, metric) || 0);
        any = true;
      }
    }
  }
  if (!any) {
    return teamStats;
  }
  const attainment = {};
  for (const name of Object.keys(targets)) {
    attainment[name] = (numberIn(teamStats.metrics, name) || 0) / targets[name];
  }
  return {
    period: teamStats.period,
    metrics: teamStats.metrics,
    targets,
    attainment,
    expected,
    elapsedShare: calendarFrom.elapsedShare,
    elapsedShareByDay: calendarFrom.elapsedShareByDay
  };
}
