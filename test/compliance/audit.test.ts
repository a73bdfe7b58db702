import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { APPLICATION_DEFAULTS } from '../../charts/gitops/argocd';
import { AUDIT_ACTIONS, AUDIT_EVENT_FIELDS, AUDIT_OUTCOMES, CONTRACT_FIELDS } from '../../charts/logging/contract';
import { auditRetentionOf } from '../../charts/logging/schema';
import { estateOf } from '../support/estate';
import { allObjectsOf, renderedTarget, TARGET_NAMES } from '../support/render';

/** The vendored CRD of DigitalOcean's Kubernetes cluster (provider-upjet-digitalocean). */
const DOKS_CLUSTER_CRD = path.resolve(__dirname, '../../crds/kubernetes.digitalocean.m.crossplane.io_clusters.yaml');

/** Every property name anywhere under a schema. */
function propertyNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(propertyNames);
  if (typeof schema !== 'object' || schema === null) return [];
  const record = schema as Record<string, unknown>;
  const own = typeof record.properties === 'object' && record.properties !== null ? Object.keys(record.properties) : [];
  return [...own, ...Object.values(record).flatMap(propertyNames)];
}

/** Argo CD's own record of what it synced: Application `status.history`, capped by `revisionHistoryLimit`. */
const ARGOCD_HISTORY = 10;

describe('the audit event contract', () => {
  it('records who did what to which object and how it ended, on top of the log contract', () => {
    expect(AUDIT_EVENT_FIELDS).toEqual(['log_type', 'actor', 'action', 'target', 'outcome']);
    expect(AUDIT_EVENT_FIELDS.filter((f) => (CONTRACT_FIELDS as readonly string[]).includes(f))).toEqual([]);
    expect(AUDIT_OUTCOMES).toEqual(['success', 'denied', 'failure']);
  });

  it('covers moderation decisions, appeals and administrators\' actions, erasure included', () => {
    const areas = new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]));
    expect([...areas].sort()).toEqual(['admin', 'appeal', 'decision']);
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(['decision.override', 'appeal.resolve', 'admin.role.grant', 'admin.data.erase']));
  });
});

describe.each(TARGET_NAMES)('Argo CD history of %s', (name) => {
  const applications = allObjectsOf(renderedTarget(name)).filter((o) => o.kind === 'Application');

  it('keeps the last 10 syncs of every Application (revisionHistoryLimit), Git holding the rest', () => {
    expect(applications.length).toBeGreaterThan(0);
    expect(APPLICATION_DEFAULTS.revisionHistoryLimit).toBe(ARGOCD_HISTORY);
    for (const application of applications) expect({ name: application.metadata.name, limit: application.spec.revisionHistoryLimit }).toEqual({ name: application.metadata.name, limit: ARGOCD_HISTORY });
  });
});

describe.each(TARGET_NAMES)('the Kubernetes API audit log of %s', (name) => {
  const { target } = renderedTarget(name);
  const eks = estateOf(name, 'eks.aws.m.upbound.io/Cluster');
  const doks = estateOf(name, 'kubernetes.digitalocean.m.crossplane.io/Cluster');

  it('is the control plane\'s audit log type in a log group kept for the audit retention, where the cloud offers one', () => {
    expect(eks.length + doks.length).toBe(1);
    for (const cluster of eks) {
      expect(cluster.spec.forProvider.enabledClusterLogTypes).toContain('audit');
      const groups = estateOf(name, 'cloudwatchlogs.aws.m.upbound.io/Group').filter((g) => g.metadata.annotations?.['crossplane.io/external-name'] === `/aws/eks/${target.cluster.name}/cluster`);
      expect(groups.map((g) => g.spec.forProvider.retentionInDays)).toEqual([auditRetentionOf(target)]);
    }
    // DigitalOcean manages the DOKS control plane and offers no API audit log: its cluster resource has
    // no setting for one (docs/compliance.md#audit-logs says what stands in).
    for (const cluster of doks) {
      const crd = parse(fs.readFileSync(DOKS_CLUSTER_CRD, 'utf8')) as { spec: { versions: { schema: unknown }[] } };
      expect(propertyNames(crd.spec.versions.map((v) => v.schema)).filter((p) => /audit|log/i.test(p))).toEqual([]);
      expect(Object.keys(cluster.spec.forProvider).filter((k) => /audit|log/i.test(k))).toEqual([]);
    }
  });
});
