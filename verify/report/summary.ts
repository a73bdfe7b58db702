/** The one-line summary shared by the table output and the progress line. */
import { Summary } from '../types';

export function summaryLine(summary: Summary): string {
  const parts = [`${summary.healthy} healthy`];
  for (const key of ['progressing', 'suspended', 'degraded', 'missing', 'unknown'] as const) {
    if (summary[key] > 0) parts.push(`${summary[key]} ${key}`);
  }
  parts.push(`${summary.drifted} drifted`);
  return `${summary.total} object${summary.total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
