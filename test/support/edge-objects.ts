import type { RenderedTarget } from '../../charts/synthesize';
import { parseObjects, type KubeObject } from './render';
export { renderedTarget, renderVariant } from './render';

/** The objects of one chart (e.g. `edge.yaml`) of a rendered target: its file in the root and in `platform/`, where its cluster-wide objects go. */
export function chartObjects(rendered: RenderedTarget, file: string): KubeObject[] {
  const found = rendered.files.filter((f) => f.name === file || f.name === `platform/${file}`);
  if (found.length === 0) throw new Error(`target ${rendered.target.name} has no ${file}`);
  return found.flatMap((f) => parseObjects(f.content));
}

export const ofKind = (objects: readonly KubeObject[], kind: string): KubeObject[] => objects.filter((o) => o.kind === kind);

/** One reachable (host, path, method) of the public edge and what serves it. */
export interface RoutingRow {
  route: string;
  listener: string;
  host: string;
  path: string;
  /** `*` for any method. */
  method: string;
  service: string;
  port: number;
}

/** The routing table of a target as its HTTPRoutes attached to HTTPS listeners say it, sorted. */
export function routingTable(objects: readonly KubeObject[]): RoutingRow[] {
  const rows: RoutingRow[] = [];
  for (const route of ofKind(objects, 'HTTPRoute')) {
    for (const parent of route.spec.parentRefs) {
      if (parent.sectionName === 'http') continue;
      for (const host of route.spec.hostnames) {
        for (const rule of route.spec.rules) {
          // A backend at weight 0 (a canary Service while no canary runs) receives no request.
          for (const backend of (rule.backendRefs ?? []).filter((b: { weight?: number }) => b.weight !== 0)) {
            for (const match of rule.matches) {
              rows.push({ route: route.metadata.name, listener: parent.sectionName, host, path: match.path.value, method: match.method ?? '*', service: backend.name, port: backend.port });
            }
          }
        }
      }
    }
  }
  return rows.sort((a, b) => `${a.host} ${a.path} ${a.method}`.localeCompare(`${b.host} ${b.path} ${b.method}`));
}

/** Whether a certificate DNS name (possibly `*.` wildcard) covers a host name. */
export function dnsNameCovers(dnsName: string, host: string): boolean {
  if (dnsName.startsWith('*.')) return host.split('.').length === dnsName.split('.').length && host.endsWith(dnsName.slice(1));
  return dnsName === host;
}

/** Requests per second of a local rate limit rule. */
export function perSecond(limit: { requests: number; unit: string }): number {
  const seconds: Record<string, number> = { Second: 1, Minute: 60, Hour: 3600, Day: 86400 };
  return limit.requests / seconds[limit.unit];
}

export type { KubeObject };
