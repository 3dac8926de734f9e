// The connection indicator every page shows (#status with #status-text) and
// the "data as of … · offline since …" line that goes with it.
import { formatTime } from './format.js';

/**
 * Binds the indicator to a page: `show(state, offlineSince)` (the
 * connection's onStatus) sets its text in the page's language, its
 * `data-state` and the body's `data-connection`, then calls `onChange` so
 * the page can redraw what depends on it (the as-of line).
 */
export function createStatusIndicator(doc, t, onChange) {
  let offlineSince = null;
  function show(state, since) {
    offlineSince = since || null;
    const node = doc.getElementById('status');
    node.setAttribute('data-state', state);
    node.className = `status status-${state}`;
    doc.getElementById('status-text').textContent = t(`status.${state}`);
    doc.body.setAttribute('data-connection', state);
    if (onChange) {
      onChange(state);
    }
  }
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
