/**
 * Human output: one row per object that is not Healthy-and-unchanged, then a summary line. Objects of a
 * kind the cluster does not serve, and objects in a namespace that does not exist, are folded into one
 * row per kind / namespace. Colours only when asked (the CLI asks when stdout is a TTY).
 *
 * Given a width (the CLI passes the terminal's), no line is wider, down to about 60 columns (layout 4
 * at its narrowest). The first of these layouts that fits is used:
 *  1. KIND with its apiVersion, and each detail (health message, drift) on one line beside the object;
 *  2. the same without the apiVersion;
 *  3. details wrapped on lines of their own under the object, across the table;
 *  4. as 3 without the NAMESPACE column, KIND and then NAME cut (ending in "…") down to their minimums.
 * Details are wrapped, not cut: they say what is wrong (only a drifted value past MAX_VALUE_LENGTH is
 * cut, whatever the width). Without a width, layout 1.
 */
import { createColors } from 'picocolors';
import { HealthStatusCode, ResourceResult, VerifyResult } from '../types';
import { summaryLine } from './summary';
import { count, truncate, wrap } from './text';

type Colors = ReturnType<typeof createColors>;

export interface TableOptions {
  color: boolean;
  /** Columns no line may exceed (the terminal's width); undefined: no limit. */
  width?: number;
}

/** One row as plain text, before layout: an object, or a folded kind or namespace. */
interface Row {
  kind: string;
  /** Shown after the kind when there is room; null for rows that stand for no single kind. */
  apiVersion: string | null;
  namespace: string;
  name: string;
  health: HealthStatusCode;
  drifted: boolean;
  /** The health message and each drift: one entry each, wrapped when drawn. */
  details: string[];
}

/** Which columns are shown, and where the details go. */
interface Layout {
  apiVersion: boolean;
  namespace: boolean;
  detailsBelow: boolean;
}

/** In the order they are tried (see the module comment). */
const LAYOUTS: readonly Layout[] = [
  { apiVersion: true, namespace: true, detailsBelow: false },
  { apiVersion: false, namespace: true, detailsBelow: false },
  { apiVersion: false, namespace: true, detailsBelow: true },
  { apiVersion: false, namespace: false, detailsBelow: true },
];

/** How far KIND and NAME may be cut when nothing else is left to give. */
const MIN_KIND_WIDTH = 12;
const MIN_NAME_WIDTH = 16;
/** Details under their object are indented by this. */
const DETAILS_INDENT = '  ';
/** A JSON value in a drift line is cut past this many characters (the JSON report has it whole). */
const MAX_VALUE_LENGTH = 80;
const DRIFT_MARK = ' +drift';
const DETAILS_HEAD = 'DETAILS';
/** Objects named in the row of a missing namespace; the rest are counted. */
const MAX_NAMED_OBJECTS = 3;

interface Column {
  head: string;
  text: (row: Row) => string;
  /** Columns with a minimum may be cut down to it (in column order) when nothing else fits. */
  min?: number;
  /** The text in colour (drawn when it was not cut). */
  painted?: (row: Row, c: Colors) => string;
}

/** The chosen layout: its columns and their widths, and the width of DETAILS last when beside the object. */
interface Plan {
  layout: Layout;
  columns: Column[];
  widths: number[];
}

/** Width of a table with these column widths: "│ " before each cell, " " after it, and a closing "│". */
const tableWidth = (widths: number[]): number => widths.reduce((sum, width) => sum + width + 3, 1);
/** Of a line across the table: "│ " and " │". */
const SPAN_OVERHEAD = 4;

const HEALTH_COLOR: Record<HealthStatusCode, 'green' | 'yellow' | 'cyan' | 'red' | 'magenta'> = {
  Healthy: 'green', Progressing: 'yellow', Suspended: 'cyan', Degraded: 'red', Missing: 'red', Unknown: 'magenta',
};

function columnsOf(layout: Layout): Column[] {
  const kind: Column = { head: 'KIND', text: (r) => (layout.apiVersion && r.apiVersion ? `${r.kind} (${r.apiVersion})` : r.kind), min: MIN_KIND_WIDTH };
  const namespace: Column = { head: 'NAMESPACE', text: (r) => r.namespace };
  const name: Column = { head: 'NAME', text: (r) => r.name, min: MIN_NAME_WIDTH };
  const health: Column = {
    head: 'HEALTH',
    text: (r) => r.health + (r.drifted ? DRIFT_MARK : ''),
    painted: (r, c) => c[HEALTH_COLOR[r.health]](r.health) + (r.drifted ? c.yellow(DRIFT_MARK) : ''),
  };
  return layout.namespace ? [kind, namespace, name, health] : [kind, name, health];
}

const naturalWidth = (column: Column, rows: Row[]): number => Math.max(column.head.length, ...rows.map((r) => column.text(r).length));

/** The first layout that fits `width` (see the module comment), with its column widths. */
function planFor(rows: Row[], width = Infinity): Plan {
  const detailsWidth = Math.max(DETAILS_HEAD.length, ...rows.flatMap((r) => r.details.map((d) => d.length)));
  for (const layout of LAYOUTS) {
    const columns = columnsOf(layout);
    const widths = columns.map((c) => naturalWidth(c, rows));
    if (!layout.detailsBelow) {
      if (tableWidth([...widths, detailsWidth]) <= width) return { layout, columns, widths: [...widths, detailsWidth] };
    } else if (tableWidth(widths) <= width) {
      // Widen the last column so the details get the width they need, as far as there is room.
      const wanted = DETAILS_INDENT.length + detailsWidth - (tableWidth(widths) - SPAN_OVERHEAD);
      widths[widths.length - 1] += Math.max(0, Math.min(width - tableWidth(widths), wanted));
      return { layout, columns, widths };
    }
  }
  const layout = LAYOUTS[LAYOUTS.length - 1];
  const columns = columnsOf(layout);
  const widths = columns.map((c) => naturalWidth(c, rows));
  let excess = tableWidth(widths) - width;
  columns.forEach((column, i) => {
    if (column.min === undefined || excess <= 0) return;
    const cut = Math.min(excess, Math.max(0, widths[i] - column.min));
    widths[i] -= cut;
    excess -= cut;
  });
  return { layout, columns, widths };
}

function draw(rows: Row[], plan: Plan, c: Colors): string[] {
  const { layout, columns, widths } = plan;
  const bar = c.gray('│');
  const border = (left: string, mid: string, right: string): string => c.gray(left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right);
  /** `text` cut and padded to `width`; `painted` (the same text in colour) is used when nothing was cut. */
  const cell = (text: string, width: number, painted?: string): string => {
    const fitted = truncate(text, width);
    return (painted !== undefined && fitted === text ? painted : fitted) + ' '.repeat(width - fitted.length);
  };
  const line = (cells: string[]): string => `${bar}${cells.map((text) => ` ${text} `).join(bar)}${bar}`;
  const objectCells = (row: Row): string[] => columns.map((column, i) => cell(column.text(row), widths[i], column.painted?.(row, c)));

  const heads = [...columns.map((column) => column.head), ...(layout.detailsBelow ? [] : [DETAILS_HEAD])];
  const lines = [border('┌', '┬', '┐'), line(heads.map((head, i) => cell(head, widths[i], c.bold(head))))];
  for (const row of rows) {
    if (layout.detailsBelow) {
      const inner = tableWidth(widths) - SPAN_OVERHEAD;
      lines.push(line(objectCells(row)));
      for (const detail of row.details.flatMap((d) => wrap(d, inner - DETAILS_INDENT.length))) lines.push(line([cell(DETAILS_INDENT + detail, inner)]));
    } else {
      const detailsWidth = widths[widths.length - 1];
      const blank = columns.map((_, i) => ' '.repeat(widths[i]));
      lines.push(line([...objectCells(row), cell(row.details[0] ?? '', detailsWidth)]));
      for (const detail of row.details.slice(1)) lines.push(line([...blank, cell(detail, detailsWidth)]));
    }
  }
  lines.push(border('└', '┴', '┘'));
  return lines;
}

const shortJson = (value: unknown): string => truncate(JSON.stringify(value ?? null), MAX_VALUE_LENGTH);

/** "3 objects in it: Deployment web, Service web, ConfigMap cfg and 2 more". */
function objectsIn(objects: ResourceResult[]): string {
  const named = objects.slice(0, MAX_NAMED_OBJECTS).map((r) => `${r.kind} ${r.name}`).join(', ');
  const more = objects.length - MAX_NAMED_OBJECTS;
  return `${count(objects.length, 'object')} in it: ${named}${more > 0 ? ` and ${more} more` : ''}`;
}

function rowsOf(result: VerifyResult): Row[] {
  const unserved = (r: ResourceResult): boolean => result.unservedKinds.some((k) => k.apiVersion === r.apiVersion && k.kind === r.kind);
  /** The objects a missing namespace's row stands for. */
  const missingIn = (namespace: string): ResourceResult[] =>
    result.resources.filter((r) => r.namespace === namespace && r.health.status === 'Missing' && !unserved(r));
  const folded = new Set([...result.resources.filter(unserved), ...result.missingNamespaces.flatMap(missingIn)]);
  return [
    ...result.unservedKinds.map((k): Row => ({
      kind: k.kind, apiVersion: k.apiVersion, namespace: '-', name: count(k.objects, 'object'), health: 'Missing', drifted: false,
      details: ['kind not served by the cluster (CRD not installed?)'],
    })),
    ...result.missingNamespaces.map((namespace): Row => ({
      kind: 'Namespace', apiVersion: null, namespace: '-', name: namespace, health: 'Missing', drifted: false,
      details: [`namespace does not exist (${objectsIn(missingIn(namespace))})`],
    })),
    ...result.resources
      .filter((r) => !(r.health.status === 'Healthy' && r.drift.length === 0) && !folded.has(r))
      .map((r): Row => ({
        kind: r.kind, apiVersion: r.apiVersion, namespace: r.namespace ?? '-', name: r.name, health: r.health.status, drifted: r.drift.length > 0,
        details: [r.health.status === 'Healthy' ? '' : r.health.message, ...r.drift.map((d) => `drift ${d.path}: ${shortJson(d.desired)} → ${shortJson(d.live)}`)].filter(Boolean),
      })),
  ];
}

/** The summary and verdict on one line, or the verdict on a line of its own when that is too wide. */
function summaryLines(result: VerifyResult, c: Colors, width: number | undefined): string[] {
  const counts = summaryLine(result.summary);
  const verdict = result.ok ? 'OK' : 'NOT OK';
  const target = result.target ? ` (target ${result.target})` : '';
  const painted = `${(result.ok ? c.green : c.red)(verdict)}${target}`;
  if (width === undefined || `${counts} — ${verdict}${target}`.length <= width) return [`${counts} — ${painted}`];
  return [...wrap(counts, width), `— ${painted}`];
}

export function renderTable(result: VerifyResult, options: TableOptions): string {
  const c = createColors(options.color);
  const rows = rowsOf(result);
  const table = rows.length > 0 ? draw(rows, planFor(rows, options.width), c) : [];
  return `${[...table, ...summaryLines(result, c, options.width)].join('\n')}\n`;
}
