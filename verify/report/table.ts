/**
 * Human output: one row per object that is not Healthy-and-unchanged, then a summary line. Objects of a
 * kind the cluster does not serve, and objects in a namespace that does not exist, are folded into one
 * row per kind / namespace. Colours only when asked (the CLI asks when stdout is a TTY).
 */
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import { HealthStatusCode, ResourceResult, VerifyResult } from '../types';
import { summaryLine } from './summary';

export interface TableOptions {
  color: boolean;
  /** Terminal width, to wrap long details; undefined (not a terminal): no wrapping, one detail per line. */
  width?: number;
}

const short = (value: unknown): string => {
  const text = JSON.stringify(value ?? null);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export function renderTable(result: VerifyResult, options: TableOptions): string {
  const c = createColors(options.color);
  const paint: Record<HealthStatusCode, (s: string) => string> = {
    Healthy: c.green, Progressing: c.yellow, Suspended: c.cyan, Degraded: c.red, Missing: c.red, Unknown: c.magenta,
  };
  const table = new Table({
    head: ['KIND', 'NAMESPACE', 'NAME', 'HEALTH', 'DETAILS'],
    style: { head: options.color ? ['bold'] : [], border: options.color ? ['grey'] : [] },
    // No separator between rows: one line per object (more when details wrap or list several drifts).
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    ...(options.width ? { wordWrap: true, colWidths: [null, null, null, null, Math.max(40, options.width - 70)] as any } : {}),
  });
  const folded = (r: ResourceResult): boolean =>
    result.unservedKinds.some((k) => k.apiVersion === r.apiVersion && k.kind === r.kind) ||
    (r.namespace !== null && result.missingNamespaces.includes(r.namespace) && r.health.status === 'Missing');

  for (const kind of result.unservedKinds) {
    table.push([`${kind.kind} (${kind.apiVersion})`, '-', `${kind.objects} object${kind.objects === 1 ? '' : 's'}`, paint.Missing('Missing'), 'kind not served by the cluster (CRD not installed?)']);
  }
  for (const namespace of result.missingNamespaces) {
    const count = result.resources.filter((r) => r.namespace === namespace && r.health.status === 'Missing').length;
    table.push(['Namespace', '-', namespace, paint.Missing('Missing'), `namespace does not exist (${count} object${count === 1 ? '' : 's'} in it)`]);
  }
  for (const r of result.resources) {
    if ((r.health.status === 'Healthy' && r.drift.length === 0) || folded(r)) continue;
    const details = [r.health.status === 'Healthy' ? '' : r.health.message, ...r.drift.map((d) => `drift ${d.path}: ${short(d.desired)} → ${short(d.live)}`)].filter(Boolean).join('\n');
    table.push([`${r.kind} (${r.apiVersion})`, r.namespace ?? '-', r.name, paint[r.health.status](r.health.status) + (r.drift.length ? c.yellow(' +drift') : ''), details]);
  }
  const verdict = result.ok ? c.green('OK') : c.red('NOT OK');
  const line = `${summaryLine(result.summary)} — ${verdict}${result.target ? ` (target ${result.target})` : ''}`;
  return table.length > 0 ? `${table.toString()}\n${line}\n` : `${line}\n`;
}
