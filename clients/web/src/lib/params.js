// Query-string parameters and the names they may take (metrics, periods,
// ids, topics), as the server spells them.

export const METRICS = ['fyp', 'policies', 'calls', 'visits', 'salesVisits', 'proactiveVisits',
  'aClassSalesVisits', 'serviceVisits', 'collectionVisits', 'renewalCollected'];

// The periods the console shows side by side.
export const PERIODS = ['day', 'week', 'month'];

// Every period a stats read, leaderboard or topic takes (calendar quarters and years in branch time).
export const BOARD_PERIODS = ['day', 'week', 'month', 'quarter', 'year'];

export function trimmed(value) {
  return typeof value === 'string' ? value.trim() : '';
}

/** An integer parameter in [min, max]; anything else is the fallback, and its name goes to `problems`. */
export function intParam(params, name, min, max, fallback, problems) {
  const raw = trimmed(params.get(name));
  if (!raw) {
    return fallback;
  }
  if (/^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max) {
    return Number(raw);
  }
  problems.push(name);
  return fallback;
}

/** A yes/no parameter: 0, false, no and off are no; any other value is yes. */
export function flagParam(params, name, fallback) {
  const raw = trimmed(params.get(name)).toLowerCase();
  if (!raw) {
    return fallback;
  }
  return !(raw === '0' || raw === 'false' || raw === 'no' || raw === 'off');
}

/** Ids as the API accepts them (branches, teams, campaigns). */
export function isValidId(id) {
  return typeof id === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(id);
}

/** The canonical topic name of a leaderboard (the default top 50 is left out, as the server names it). */
export function leaderboardTopic(branch, metric, period, scope, top) {
  return `leaderboard:${branch}:${metric}:${period}:${scope}${top === 50 ? '' : `:${top}`}`;
}

/** The next (step 1) or previous (step -1) item of a list, wrapping around. */
export function cycle(list, current, step) {
  const i = list.indexOf(current);
  if (i < 0) {
    return list[0];
  }
  return list[(i + step + list.length) % list.length];
}
