/**
 * The JSON report: the stable contract documented in docs/verifier.md. Keys are emitted in a fixed
 * order; fields used only by the human renderers are not part of it.
 */
import { Report, VerifyResult } from '../types';

export function toJsonReport(result: VerifyResult): Report {
  return {
    ok: result.ok,
    target: result.target,
    summary: { ...result.summary },
    resources: result.resources.map((r) => ({
      apiVersion: r.apiVersion,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      health: { status: r.health.status, message: r.health.message },
      drift: r.drift.map((d) => ({ path: d.path, desired: d.desired ?? null, live: d.live ?? null })),
    })),
  };
}

export function renderJson(result: VerifyResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
