import type { TargetEstimate } from './estimate';

/**
 * The cost report of `npm run cost` in three formats: a table for the terminal, JSON for tools, and
 * Markdown for a pull-request comment. Every format carries the same numbers: the line items at
 * minimum and maximum scale, the budget, the price age, right-sizing hints and the commitment saving.
 */

export const FORMATS = ['table', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const mark = (estimated: boolean) => (estimated ? ' *' : '');

/** One-line verdicts: budget and price age. */
function budgetLine(e: TargetEstimate): string {
  const { budget } = e;
  return budget.over
    ? `OVER BUDGET: ${usd(e.total.max)} at maximum scale is ${usd(-budget.headroom)} above the budget of ${usd(budget.monthlyUsd)} (synthesis ${budget.onOverrun === 'fail' ? 'fails' : 'warns'})`
    : `within budget: ${usd(e.total.max)} at maximum scale leaves ${usd(budget.headroom)} of ${usd(budget.monthlyUsd)}`;
}

function pricesLine(e: TargetEstimate): string {
  const { prices } = e;
  const age = `prices retrieved ${prices.oldest}, ${prices.ageDays} day${prices.ageDays === 1 ? '' : 's'} ago`;
  return prices.stale ? `WARNING: ${age}, older than ${prices.staleAfterDays} days: update charts/cost/prices.json (docs/cost.md)` : age;
}

function commitmentLine(e: TargetEstimate): string {
  const c = e.commitment;
  if (!c.available) return `steady part ${usd(c.onDemand)} a month (nodes at minimum scale, databases, cache, Kafka); ${c.note}`;
  const share = c.onDemand > 0 ? Math.round((100 * c.saving) / c.onDemand) : 0;
  return `steady part ${usd(c.onDemand)} a month on demand, ${usd(c.committed)} with a commitment: saves ${usd(c.saving)} a month (${share} %) at the listed prices (${c.note})`;
}

function columns(rows: readonly (readonly string[])[], right: readonly number[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => '  ' + r.map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

/** The terminal table of one target. */
export function renderTable(e: TargetEstimate): string {
  const rows = [
    ['item', 'how', 'minimum', 'maximum'],
    ...e.lines.map((l) => [l.item + mark(l.estimated), l.detail, usd(l.min), usd(l.max)]),
    ['total', '', usd(e.total.min), usd(e.total.max)],
  ];
  const pools = [
    ['pool', 'size', 'allocatable', 'nodes min', 'nodes max', 'requests used (max)'],
    ...e.pools.map((p) => [p.pool, p.size + (p.spot ? ' (spot)' : ''), `${p.allocatable.cpu.toFixed(2)} CPU, ${p.allocatable.memoryGiB.toFixed(2)} GiB`, String(p.min.nodes), String(p.max.nodes), `${Math.round(p.max.utilization.cpu * 100)} % CPU, ${Math.round(p.max.utilization.memoryGiB * 100)} % memory`]),
  ];
  return [
    `${e.target} (${e.cloud}, ${e.region}, ${e.environment}): ${usd(e.total.min)} to ${usd(e.total.max)} a month`,
    '',
    columns(rows, [2, 3]),
    '  * price not confirmed on its page (prices.json "estimated")',
    '',
    columns(pools, [3, 4]),
    '',
    `budget: ${budgetLine(e)}`,
    `prices: ${pricesLine(e)}`,
    `reserved capacity: ${commitmentLine(e)}`,
    ...(e.hints.length > 0 ? ['right-sizing:', ...e.hints.map((h) => `  - ${h}`)] : ['right-sizing: nothing to say']),
    `not counted: ${e.notCounted.join('; ')}`,
    '',
  ].join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The Markdown of one target: a table GitHub renders in a pull-request comment. */
export function renderMarkdown(e: TargetEstimate): string {
  return [
    `### ${e.target}: ${usd(e.total.min)} – ${usd(e.total.max)} a month`,
    '',
    `${e.cloud}, ${e.region}, ${e.environment}. ${e.budget.over ? '**' : ''}${budgetLine(e)}${e.budget.over ? '**' : ''}. ${e.prices.stale ? `**${pricesLine(e)}**` : pricesLine(e)}.`,
    '',
    '| item | how | minimum | maximum |',
    '| --- | --- | ---: | ---: |',
    ...e.lines.map((l) => `| ${cell(l.item)}${l.estimated ? ' \\*' : ''} | ${cell(l.detail)} | ${usd(l.min)} | ${usd(l.max)} |`),
    `| **total** | | **${usd(e.total.min)}** | **${usd(e.total.max)}** |`,
    '',
    '\\* price not confirmed on its page.',
    '',
    `**Reserved capacity:** ${cell(commitmentLine(e))}`,
    '',
    ...(e.hints.length > 0 ? ['**Right-sizing:**', '', ...e.hints.map((h) => `- ${h}`)] : ['**Right-sizing:** nothing to say.']),
    '',
    `Not counted: ${e.notCounted.join('; ')}.`,
    '',
  ].join('\n');
}

/** The report of every estimate in one format. */
export function renderReport(estimates: readonly TargetEstimate[], format: Format): string {
  if (format === 'json') return JSON.stringify({ targets: estimates }, null, 2) + '\n';
  if (format === 'markdown') return ['## Cost estimate', '', ...estimates.map(renderMarkdown)].join('\n');
  return estimates.map(renderTable).join('\n');
}
