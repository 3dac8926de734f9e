// The display's "battle report" (战报) banner: one celebration at a time,
// each for a few seconds, the latest twenty queued.
import { personName } from '../lib/format.js';
import { $ } from '../lib/dom.js';

const CELEBRATION_MS = 6000;
const QUEUE_LIMIT = 20;

/** The banner's text and value for a celebration payload. */
export function celebrationText(c, t, fmt, names) {
  const kind = c.kind || 'policy';
  // A campaign won by a team or a branch names that, not a person: mask only people.
  const person = !(kind === 'campaignWon' && c.unit && c.unit !== 'agent');
  const name = person ? personName(c.name, names, t('name.hidden')) : (c.name || '');
  const metric = c.metric || (kind === 'policy' ? 'fyp' : '');
  let text = t(`celebrate.${kind}`, {
    name,
    metric: metric ? t(`metric.${metric}`) : '',
    campaign: c.campaignName || ''
  });
  if (c.merged > 0) {
    text += ` ${t('celebrate.merged', { n: c.merged })}`;
  }
  const hasValue = typeof c.value === 'number' && isFinite(c.value) && c.value !== 0 && kind !== 'rankUp';
  const value = hasValue ? (metric ? fmt.metric(metric, c.value) : fmt.count(c.value)) : '';
  return { kind, text, value };
}

export function createCelebrations(t, fmt, names) {
  const queue = [];
  let showing = false;

  function next() {
    const banner = $('celebration');
    const c = queue.shift();
    if (!c) {
      showing = false;
      banner.classList.remove('show');
      setTimeout(() => {
        if (!showing) {
          banner.hidden = true;
        }
      }, 500);
      return;
    }
    showing = true;
    const shown = celebrationText(c, t, fmt, names);
    $('celebration-label').textContent = t('celebrate.label');
    $('celebration-text').textContent = shown.text;
    $('celebration-value').textContent = shown.value;
    banner.setAttribute('data-agent', c.agentId || '');
    banner.setAttribute('data-kind', shown.kind);
    banner.hidden = false;
    // Restart the entrance animation for each report.
    banner.classList.remove('show');
    void banner.offsetWidth;
    banner.classList.add('show');
    setTimeout(next, CELEBRATION_MS);
  }

  return {
    add(payload) {
      queue.push(payload);
      if (queue.length > QUEUE_LIMIT) {
        queue.shift();
      }
      if (!showing) {
        next();
      }
    }
  };
}
