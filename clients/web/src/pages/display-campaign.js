// The display's campaign panel: the scoreboard of campaign:{id} (top five)
// and its countdown.
import { personName } from '../lib/format.js';
import { $, el } from '../lib/dom.js';

/** The countdown line: to the start, to the end, counting late results, or final. */
export function campaignCountdown(campaign, now, t, formatCountdown) {
  if (campaign.status === 'scheduled') {
    return t('campaign.scheduled', { time: formatCountdown(Date.parse(campaign.startsAt) - now, t) });
  }
  if (campaign.status === 'running' && Date.parse(campaign.endsAt) > now) {
    return t('campaign.running', { time: formatCountdown(Date.parse(campaign.endsAt) - now, t) });
  }
  if (campaign.status === 'running') {
    return t('campaign.closing');
  }
  return campaign.frozen ? t('campaign.frozen') : t('campaign.finished');
}

/**
 * Draws the panel. `options`: fallbackName (the id, until the payload names
 * it), names (masking mode for people), hiddenName (for a person the server
 * sends without a name), agentIds (ids known to be agents, so
 * their names are masked even when the campaign ranks teams), fmt.
 */
export function renderCampaign(payload, options) {
  const panel = $('campaign');
  panel.hidden = false;
  document.body.classList.add('with-campaign');
  panel.setAttribute('data-status', payload.status || '');
  panel.setAttribute('data-version', String(payload.version));
  $('campaign-name').textContent = payload.name || options.fallbackName;
  const list = $('campaign-rows');
  while (list.firstChild) {
    list.removeChild(list.firstChild);
  }
  const byAgent = payload.unit === 'agent' || payload.unit === 'agents';
  const fmt = options.fmt;
  for (const e of (Array.isArray(payload.entries) ? payload.entries : []).slice(0, 5)) {
    const id = String(e.id);
    const isPerson = byAgent || options.agentIds[id] === true;
    const row = el('div', { 'class': `crow${e.rank === 1 ? ' top-1' : ''}`, 'data-testid': `campaign-row-${id}` });
    row.appendChild(el('span', { 'class': 'rank' }, e.rank));
    row.appendChild(el('span', { 'class': 'name' }, isPerson ? personName(e.name, options.names, options.hiddenName) : (e.name || id)));
    row.appendChild(el('span', { 'class': 'value', 'data-value': String(e.value) },
      typeof e.value === 'number' ? (payload.metric ? fmt.metric(payload.metric, e.value) : fmt.count(e.value)) : ''));
    const bar = el('span', { 'class': 'cbar' });
    const fill = el('span', { 'class': 'cfill' });
    const progress = typeof e.progress === 'number' && isFinite(e.progress) ? e.progress : null;
    fill.style.width = progress === null ? '0%' : `${Math.max(0, Math.min(1, progress)) * 100}%`;
    bar.appendChild(fill);
    if (progress !== null) {
      bar.appendChild(el('span', { 'class': 'cpct' }, fmt.percent(progress)));
    }
    row.appendChild(bar);
    list.appendChild(row);
  }
}
