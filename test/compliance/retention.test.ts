import { cloudProfile } from '../../charts/cloud';
import { RETENTION_SOURCES, retentionPolicy, type RetentionKind } from '../../charts/compliance/retention';
import { configProblems } from '../support/overlay';
import { allObjectsOf, renderedTarget, renderVariant, TARGET_NAMES, type KubeObject } from '../support/render';
import { retentionCarriers } from './retention-carriers';

/** The retentions every target must carry in a rendered object, and those only some clouds render. */
const EVERYWHERE: readonly RetentionKind[] = ['logs', 'auditLogs', 'metrics', 'backups'];

/** The carriers of a target, grouped: kind → the days each carrier holds. */
function carried(objects: readonly KubeObject[]): Map<RetentionKind, { where: string; days: number }[]> {
  const byKind = new Map<RetentionKind, { where: string; days: number }[]>();
  for (const { kind, where, days } of retentionCarriers(objects)) byKind.set(kind, [...(byKind.get(kind) ?? []), { where, days }]);
  return byKind;
}

describe('the retention policy', () => {
  it('covers logs, audit logs, metrics, backups and database backups, each from one config field', () => {
    expect(RETENTION_SOURCES.map((s) => s.kind)).toEqual(['logs', 'auditLogs', 'metrics', 'backups', 'databaseBackups']);
    expect(new Set(RETENTION_SOURCES.map((s) => s.field)).size).toBe(RETENTION_SOURCES.length);
  });

  it('holds the seed\'s ranges: backups 7–30 days, logs 30–90, audit logs a quarter to 400 days, metrics a week to a quarter', () => {
    const bounds = Object.fromEntries(RETENTION_SOURCES.map((s) => [s.kind, s.bounds]));
    expect(bounds).toEqual({
      logs: { min: 30, max: 90 },
      auditLogs: { min: 90, max: 400 },
      metrics: { min: 7, max: 90 },
      backups: { min: 7, max: 30 },
      databaseBackups: { min: 7, max: 30 },
    });
    // Audit trails outlive the logs they explain.
    expect(bounds.auditLogs.min).toBeGreaterThanOrEqual(bounds.logs.max);
  });

  it('defaults each retention per environment, within its bounds, production keeping at least as long as staging', () => {
    const defaults = Object.fromEntries(RETENTION_SOURCES.map((s) => [s.kind, s.defaults]));
    expect(defaults).toEqual({
      logs: { staging: 30, production: 90 },
      auditLogs: { staging: 90, production: 365 },
      metrics: { staging: 7, production: 30 },
      backups: { staging: 7, production: 30 },
      databaseBackups: { staging: 7, production: 14 },
    });
    for (const source of RETENTION_SOURCES) {
      for (const days of Object.values(source.defaults)) {
        expect(days).toBeGreaterThanOrEqual(source.bounds.min);
        expect(days).toBeLessThanOrEqual(source.bounds.max);
      }
      expect(source.defaults.production).toBeGreaterThanOrEqual(source.defaults.staging);
    }
  });
});

describe.each(TARGET_NAMES)('retention of %s', (name) => {
  const rendered = renderedTarget(name);
  const { target } = rendered;
  const policy = retentionPolicy(target);

  it('resolves every retention within its bounds', () => {
    for (const source of RETENTION_SOURCES) {
      expect({ kind: source.kind, days: policy[source.kind] }).toEqual({ kind: source.kind, days: expect.any(Number) });
      expect(policy[source.kind]).toBeGreaterThanOrEqual(source.bounds.min);
      expect(policy[source.kind]).toBeLessThanOrEqual(source.bounds.max);
    }
  });

  it('renders each retention into the objects that apply it, with the resolved number', () => {
    const byKind = carried(allObjectsOf(rendered));
    for (const kind of EVERYWHERE) expect({ kind, carried: byKind.has(kind) }).toEqual({ kind, carried: true });
    for (const [kind, carriers] of byKind) {
      for (const carrier of carriers) expect({ kind, ...carrier }).toEqual({ kind, where: carrier.where, days: policy[kind] });
    }
  });

  it('follows the config when every retention changes', () => {
    const changed: Record<RetentionKind, number> = { logs: 60, auditLogs: 180, metrics: 45, backups: 21, databaseBackups: 21 };
    const { rendered: variant } = renderVariant(name, (input) => {
      input.logging = { ...input.logging!, retentionDays: changed.logs, auditRetentionDays: changed.auditLogs };
      input.addons = { ...input.addons, prometheus: { ...input.addons?.prometheus, retention: `${changed.metrics}d` } };
      input.backups = { ...input.backups!, retentionDays: changed.backups };
      input.infra = { ...input.infra!, postgres: { ...input.infra!.postgres, backupRetentionDays: changed.databaseBackups } };
    });
    expect(retentionPolicy(variant.target)).toEqual(changed);
    const byKind = carried(allObjectsOf(variant));
    for (const kind of EVERYWHERE) expect(byKind.get(kind)?.length ?? 0).toBeGreaterThan(0);
    for (const [kind, carriers] of byKind) {
      for (const carrier of carriers) expect({ kind, ...carrier }).toEqual({ kind, where: carrier.where, days: changed[kind] });
    }
  });

  it.each([
    ['logging.auditRetentionDays', (input: Record<string, any>) => (input.logging.auditRetentionDays = 60), /logging\.auditRetentionDays: must be at least 90 days: an audit trail outlives/],
    ['logging.auditRetentionDays', (input: Record<string, any>) => (input.logging.auditRetentionDays = 731), /logging\.auditRetentionDays: must be at most 400 days: a year of evidence/],
    ['addons.prometheus.retention', (input: Record<string, any>) => (input.addons = { prometheus: { retention: '3d' } }), /addons\.prometheus\.retention: must be at least 7 days: /],
    ['addons.prometheus.retention', (input: Record<string, any>) => (input.addons = { prometheus: { retention: '1y' } }), /addons\.prometheus\.retention: must be at most 90 days: /],
    ['backups.retentionDays', (input: Record<string, any>) => (input.backups.retentionDays = 45), /backups\.retentionDays: must be at most 30 days/],
    ['infra.postgres.backupRetentionDays', (input: Record<string, any>) => (input.infra.postgres.backupRetentionDays = 3), /infra\.postgres\.backupRetentionDays: 3 days is outside the 7–30 days/],
  ])('rejects %s out of bounds, naming the field and why', (_field, change, expected) => {
    expect(configProblems(name, change)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('refuses an audit retention the log store cannot keep, listing the ones it can', () => {
    const problems = configProblems(name, (input) => (input.logging.auditRetentionDays = 200));
    const store = cloudProfile(target.cloud).logStore;
    if (store.kind === 'cloudwatch-logs') expect(problems).toContain(`logging.auditRetentionDays: 200 is not a retention ${store.title} accepts on ${target.cloud}: use one of 90, 120, 150, 180, 365, 400`);
    else expect(problems).toEqual([]);
  });

  it('keeps production\'s metrics for the whole SLO period', () => {
    const problems = configProblems(name, (input) => (input.addons = { prometheus: { retention: '2w' } }));
    if (target.environment === 'production') expect(problems).toEqual(['addons.prometheus.retention: "2w" is shorter than the 30-day SLO period: production\'s error budget and its dashboards read 30 days of samples']);
    else expect(problems).toEqual([]);
  });
});
