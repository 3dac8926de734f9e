// The console's renewals panel: the team's collection grid of this month
// (应收清单 九宫图: due this month, last month, grace ending × premium year,
// each cell collected / due and the rate) and the outstanding list (the open
// items, fewest days left first).
import { $, el } from '../lib/dom.js';

export const GRID_ROWS = ['thisMonth', 'lastMonth', 'graceEnding'];
export const GRID_COLUMNS = [2, 3, 4];

/** The grid's cells by "row/column" (a missing cell is an empty one). */
export function gridCells(grid) {
  const cells = {};
  for (const c of grid && Array.isArray(grid.cells) ? grid.cells : []) {
    cells[`${c.row}/${c.column}`] = c;
  }
  for (const row of GRID_ROWS) {
    for (const column of GRID_COLUMNS) {
      cells[`${row}/${column}`] = cells[`${row}/${column}`] || { row, column, due: 0, collected: 0, rate: null };
    }
  }
  return cells;
}

/** Open items, fewest days left first (then earliest due, then policy). */
export function outstandingOf(items) {
  return (Array.isArray(items) ? items : []).filter((i) => i && i.status === 'open').slice().sort((a, b) =>
    (a.daysLeft - b.daysLeft)
    || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0)
    || (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0));
}

/** Days left at or under which an open item is shown as at risk (the renewalAtRisk rule's default). */
export const AT_RISK_DAYS = 15;

function replace(id, node) {
  const old = $(id);
  old.parentNode.replaceChild(node, old);
}

/** Draws the grid (GET /teams/{id}/renewals/grid) into #renewal-grid and its month into #renewals-month. */
export function drawRenewalGrid(grid, t, fmt) {
  const cells = gridCells(grid);
  const table = el('table', { id: 'renewal-grid', 'class': 'rgrid', 'data-testid': 'renewal-grid', 'data-month': grid.month || '' });
  const head = el('tr');
  head.appendChild(el('th', { scope: 'col' }));
  for (const column of GRID_COLUMNS) {
    head.appendChild(el('th', { scope: 'col' }, t(`renewals.column.${column}`)));
  }
  table.appendChild(el('thead')).appendChild(head);
  const body = el('tbody');
  for (const row of GRID_ROWS) {
    const tr = el('tr', { 'data-testid': `grid-row-${row}` });
    tr.appendChild(el('th', { scope: 'row' }, t(`renewals.row.${row}`)));
    for (const column of GRID_COLUMNS) {
      tr.appendChild(gridCell(cells[`${row}/${column}`], fmt));
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  replace('renewal-grid', table);
  $('renewals-month').textContent = grid.month || '';
}

function gridCell(cell, fmt) {
  const rate = typeof cell.rate === 'number' ? cell.rate : null;
  const td = el('td', {
    'class': rate === null ? 'rcell rcell-empty' : 'rcell',
    'data-testid': `grid-${cell.row}-${cell.column}`,
    'data-due': String(cell.due),
    'data-collected': String(cell.collected),
    'data-rate': rate === null ? '' : String(rate)
  });
  td.appendChild(el('span', { 'class': 'rrate' }, fmt.percent(rate)));
  td.appendChild(el('span', { 'class': 'ramounts' }, `${fmt.money(cell.collected)} / ${fmt.money(cell.due)}`));
  return td;
}

/**
 * Draws the outstanding items (open, fewest days left first) into
 * #renewal-list; `names` maps agent ids to names.
 */
export function drawOutstanding(items, names, t, fmt) {
  const open = outstandingOf(items);
  const tbody = el('tbody', { id: 'renewal-list', 'data-testid': 'renewal-list', 'data-count': String(open.length) });
  for (const item of open) {
    const tr = el('tr', {
      'class': item.daysLeft <= AT_RISK_DAYS ? 'ritem ritem-risk' : 'ritem',
      'data-testid': `renewal-${item.policyId}`,
      'data-days-left': String(item.daysLeft)
    });
    tr.appendChild(el('td', { 'class': 'rpolicy' }, item.policyId));
    tr.appendChild(el('td', { 'class': 'ragent' }, names[item.agentId] || item.agentId));
    tr.appendChild(el('td', { 'class': 'rnum' }, fmt.moneyExact(item.amount)));
    tr.appendChild(el('td', { 'class': 'rnum' }, fmt.moneyExact(item.collected)));
    tr.appendChild(el('td', { 'class': 'rnum rdays' }, t('renewals.days', { n: item.daysLeft })));
    tbody.appendChild(tr);
  }
  if (!open.length) {
    const empty = el('tr', { 'class': 'empty', 'data-testid': 'renewals-none' });
    empty.appendChild(el('td', { colspan: '5' }, t('renewals.none')));
    tbody.appendChild(empty);
  }
  replace('renewal-list', tbody);
}
