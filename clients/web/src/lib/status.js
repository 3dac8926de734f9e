// The connection indicator every page shows (#status with #status-text) and
// the "data as of … · offline since …" line that goes with it, and the
// notice (#access) when the server refuses the page's access token.
import { formatTime } from './format.js';
import { pageAccess, accessText } from './access.js';

/**
 * Binds the indicator to a page: `show(state, offlineSince)` (the
 * connection's onStatus) sets its text in the page's language, its
 * `data-state` and the body's `data-connection`, then calls `onChange` so
 * the page can redraw what depends on it (the as-of line).
 *
 * While the page's access has a problem (options.access, by default the
 * page's: an expired or refused token, out of scope) the indicator says so
 * instead of "connecting", carries `data-access`, and #access (when the
 * page has one) shows the whole sentence; `options.locale` words its time.
 */
export function createStatusIndicator(doc, t, onChange, options) {
  const opts = options || {};
  const access = opts.access || pageAccess();
  let offlineSince = null;
  let state = doc.getElementById('status').getAttribute('data-state') || 'idle';

  function render() {
    const problem = state === 'live' ? null : access.problem();
    const node = doc.getElementById('status');
    node.setAttribute('data-state', state);
    node.className = `status status-${state}${problem ? ' status-denied' : ''}`;
    if (problem) {
      node.setAttribute('data-access', problem);
    } else {
      node.removeAttribute('data-access');
    }
    doc.getElementById('status-text').textContent = t(problem ? `status.${problem}` : `status.${state}`);
    doc.body.setAttribute('data-connection', state);
    const notice = doc.getElementById('access');
    if (notice) {
      notice.hidden = !problem;
      notice.textContent = accessText(problem, t, access.expiresAt, opts.locale);
      notice.setAttribute('data-problem', problem || '');
    }
  }

  function show(next, since) {
    state = next;
    offlineSince = since || null;
    render();
    if (onChange) {
      onChange(state);
    }
  }

  access.onChange(render);
  return { show, offlineSince: () => offlineSince };
}

/** "Data as of 10:15:03 · offline since 10:20:00", in the branch's time zone. */
export function asOfText(t, asOf, offlineSince, locale, timeZone) {
  if (!asOf) {
    return t('asOf.none');
  }
  let text = t('asOf', { time: formatTime(asOf, locale, timeZone) });
  if (offlineSince) {
    text += ` \u00b7 ${t('offlineSince', { time: formatTime(offlineSince.toISOString(), locale, timeZone) })}`;
  }
  return text;
}

/** Writes the as-of line into a <time> element (its datetime holds the raw instant). */
export function renderAsOf(node, t, asOf, offlineSince, locale, timeZone) {
  node.textContent = asOfText(t, asOf, offlineSince, locale, timeZone);
  if (asOf) {
    node.setAttribute('datetime', asOf);
  } else {
    node.removeAttribute('datetime');
  }
}
