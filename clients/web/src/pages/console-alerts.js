// The console's alert list: which alerts to show, in which order, which
// copy of an alert is the newer, and their text.

const STATUS_ORDER = { open: 0, acknowledged: 1, resolved: 2 };

const statusRank = (alert) => STATUS_ORDER[alert.status] || 0;

/** The text of an alert in the page's language. */
export function alertText(alert, t, fmt) {
  if (alert.rule === 'inactive') {
    return t('alert.inactive', { actual: fmt.count(alert.actual), expected: fmt.count(alert.expected) });
  }
  if (alert.rule === 'renewalAtRisk') {
    return t('alert.renewalAtRisk', {
      policy: alert.policyId || '',
      actual: fmt.money(alert.actual),
      expected: fmt.money(alert.expected),
      graceEndsOn: alert.graceEndsOn || ''
    });
  }
  const metric = alert.metric || '';
  return t('alert.behindPace', {
    metric: t(`metric.${metric}`),
    actual: fmt.metric(metric, alert.actual),
    expected: fmt.metric(metric, alert.expected)
  });
}

/** Alerts to list: not resolved, open ones first, newest first. */
export function visibleAlerts(byId) {
  return Object.keys(byId).map((id) => byId[id])
    .filter((a) => a && a.status !== 'resolved')
    .sort((a, b) => {
      const s = statusRank(a) - statusRank(b);
      if (s !== 0) {
        return s;
      }
      return (Date.parse(b.raisedAt) || 0) - (Date.parse(a.raisedAt) || 0) || (a.alertId < b.alertId ? -1 : 1);
    });
}

/**
 * Whether `next` (an alert object from a push, a snapshot or the ack
 * response) is newer than `held`: by version when both have one, else by
 * status (open < acknowledged < resolved).
 */
export function isNewerAlert(held, next) {
  if (!held) {
    return true;
  }
  if (typeof held.version === 'number' && typeof next.version === 'number') {
    return next.version > held.version;
  }
  if (typeof next.version === 'number') {
    return statusRank(next) >= statusRank(held);
  }
  return statusRank(next) > statusRank(held);
}
