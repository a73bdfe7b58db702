/** The alerting rules: generated from the SLO table and the platform alerts, parsed, catalogued, checked by promtool. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BURN_RATE_ALERTS, budgetSpent, SLO_WINDOWS } from '../../charts/alerting/burn-rates';
import { metricInfo } from '../../charts/alerting/metrics';
import { PLATFORM_ALERTS } from '../../charts/alerting/platform-alerts';
import { duration, SEVERITIES, type RecordingRule } from '../../charts/alerting/rule-groups';
import { DEFAULT_RUNBOOK_BASE_URL } from '../../charts/alerting/schema';
import { burnAlertName, errorRatioRecord, INDICATOR_MISSING_ALERT } from '../../charts/alerting/slo-rules';
import { ENVOY_BUCKETS_MS, PYTHON_BUCKETS_S, SLO_IDS, SLOS, type SloId } from '../../charts/alerting/slos';
import { configProblems } from '../support/overlay';
import { renderedTarget, renderVariant, TARGET_NAMES, targetObjects } from '../support/render';
import { analyse, droppingNamespace } from './promql-tree';
import { alertsOf, promtool, ruleGroupsOf, writeFiles } from './rule-files';

const RUNBOOKS = path.resolve(__dirname, '../../docs/runbooks/alerts');
const PROMQL_DURATION = /^[0-9]+[smhd]$/;

describe('the burn-rate table (Google SRE workbook)', () => {
  it('pages on 2 % of a 30-day budget in 1 h or 5 % in 6 h, tickets on 10 % in 1 d or in 3 d', () => {
    expect(BURN_RATE_ALERTS.map((a) => [a.severity, a.burnRate, duration(a.longWindow), duration(a.shortWindow), Number(budgetSpent(a).toFixed(4))])).toEqual([
      ['critical', 14.4, '1h', '5m', 0.02],
      ['critical', 6, '6h', '30m', 0.05],
      ['warning', 3, '1d', '2h', 0.1],
      ['warning', 1, '3d', '6h', 0.1],
    ]);
  });

  it('checks every long window with a short one a twelfth of it, and records each window once', () => {
    for (const a of BURN_RATE_ALERTS) expect(a.shortWindow * 12).toBe(a.longWindow);
    expect(SLO_WINDOWS).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });

  it('measures latency at bounds the histograms have', () => {
    for (const { indicator } of SLOS) {
      if (indicator.kind === 'edge-latency') expect(ENVOY_BUCKETS_MS).toContain(indicator.thresholdMs);
      if (indicator.kind === 'latency-histogram') expect(PYTHON_BUCKETS_S).toContain(indicator.thresholdSeconds);
    }
    expect(SLOS.map((s) => s.id)).toEqual(SLO_IDS);
  });
});

describe.each(TARGET_NAMES)('the alerting rules of %s', (name) => {
  const objects = targetObjects(name);
  const rules = objects.filter((o) => o.kind === 'PrometheusRule');
  const { target } = renderedTarget(name);
  const groups = ruleGroupsOf(objects);
  const entries = groups.flatMap((g) => g.rules);
  const alerts = alertsOf(groups);
  const recorded = new Set(entries.filter((r): r is RecordingRule => 'record' in r).map((r) => r.record));

  it('are two PrometheusRules in the platform namespace, labelled for the Prometheus rule selector', () => {
    expect(rules.map((r) => r.metadata.name).sort()).toEqual(['platform-alerts', 'slo-burn-rates']);
    for (const rule of rules) {
      expect(rule.metadata.namespace).toBe(target.namespace);
      expect(rule.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
    }
  });

  it('parse as PromQL, every expression', () => {
    const broken = entries.flatMap((r) => analyse(r.expr).errors.map((e) => `${'alert' in r ? r.alert : r.record}: ${e}`));
    expect(broken).toEqual([]);
    expect(entries.length).toBeGreaterThan(60);
  });

  it('read only metrics of the catalogue (charts/alerting/metrics.ts) or recorded by the rules themselves', () => {
    const unknown = entries.flatMap((r) => analyse(r.expr).metrics.filter((m) => !metricInfo(m) && !recorded.has(m)).map((m) => `${'alert' in r ? r.alert : r.record}: ${m}`));
    expect(unknown).toEqual([]);
  });

  it('keep the namespace label through every aggregation, so AlertmanagerConfig routes match', () => {
    const dropping = entries.flatMap((r) => droppingNamespace(analyse(r.expr)).map((a) => `${'alert' in r ? r.alert : r.record}: ${a.text.slice(0, 80)}`));
    expect(dropping).toEqual([]);
  });

  it('give every alert a severity, a summary, a templated description, a for and a runbook page that says what to check and do', () => {
    for (const alert of alerts) {
      const page = path.join(RUNBOOKS, `${alert.alert}.md`);
      expect({ alert: alert.alert, severity: SEVERITIES.includes(alert.labels.severity) }).toEqual({ alert: alert.alert, severity: true });
      expect(alert.for).toMatch(PROMQL_DURATION);
      expect(alert.annotations.summary.length).toBeGreaterThan(10);
      expect(alert.annotations.description).toMatch(/\{\{ \$(labels\.\w+|value)/);
      expect(alert.annotations.runbook_url).toBe(`${DEFAULT_RUNBOOK_BASE_URL}/${alert.alert}.md`);
      expect({ alert: alert.alert, runbook: fs.existsSync(page) }).toEqual({ alert: alert.alert, runbook: true });
      const text = fs.readFileSync(page, 'utf8');
      expect(text.startsWith(`# ${alert.alert}\n`)).toBe(true);
      expect(text).toMatch(/^## Check$/m);
      expect(text).toMatch(/^## Act$/m);
    }
  });

  it('record each objective\'s error ratio over every window and alert on it at both severities', () => {
    const sloGroups = groups.filter((g) => g.name.startsWith('slo-'));
    expect(sloGroups.length).toBeGreaterThanOrEqual(5);
    for (const group of sloGroups) {
      const id = group.name.slice('slo-'.length) as SloId;
      const records = group.rules.filter((r): r is RecordingRule => 'record' in r && r.record.startsWith('slo:sli_error:ratio_rate'));
      expect(records.map((r) => r.record)).toEqual(SLO_WINDOWS.map(errorRatioRecord));
      for (const r of records) expect(r.labels).toMatchObject({ slo: id });
      const burns = alertsOf([group]).filter((a) => a.alert === burnAlertName({ id }));
      expect(burns.map((a) => a.labels.severity)).toEqual(['critical', 'warning']);
      expect(alertsOf([group]).map((a) => a.alert)).toContain(INDICATOR_MISSING_ALERT);
    }
  });

  it('include every platform alert', () => {
    expect(new Set(alerts.map((a) => a.alert))).toEqual(new Set([...PLATFORM_ALERTS.map((a) => a.alert), ...alerts.filter((a) => a.alert.endsWith('BudgetBurn')).map((a) => a.alert), INDICATOR_MISSING_ALERT]));
  });

  it('pass `promtool check rules`', () => {
    const dir = writeFiles({ 'rules.yaml': { groups } });
    const result = promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});

describe('a target\'s alerting config', () => {
  const problems = (change: (input: Record<string, any>) => void) => configProblems('eks-production', change);
  const alertExpr = (objects: ReturnType<typeof targetObjects>, alert: string, severity: string) =>
    alertsOf(ruleGroupsOf(objects)).find((a) => a.alert === alert && a.labels.severity === severity)!.expr;

  it('overrides an objective: the budget in the burn alerts follows', () => {
    const { objects } = renderVariant('eks-staging', (i) => (i.alerting = { objectives: { 'web-availability': 99.5 } }));
    expect(alertExpr(objects, 'WebAvailabilityBudgetBurn', 'critical')).toContain('/ 0.005 > 14.4');
    expect(alertExpr(targetObjects('eks-staging'), 'WebAvailabilityBudgetBurn', 'critical')).toContain('/ 0.001 > 14.4');
  });

  it('rejects an objective the fastest burn alert could not reach, or too tight to measure', () => {
    expect(problems((i) => (i.alerting = { objectives: { 'web-latency': 90 } }))).toEqual([
      'alerting.objectives.web-latency: must be above 93.06: below it the fastest burn alert (14.4 × the budget) could never fire',
    ]);
    expect(problems((i) => (i.alerting = { objectives: { 'web-latency': 99.999 } }))).toEqual([expect.stringMatching(/^alerting\.objectives\.web-latency: must be at most 99\.99/)]);
    expect(problems((i) => (i.alerting = { objectives: { 'web-latency': 95 } }))).toEqual([]);
  });

  it('rejects a worker lag bound KEDA never reports (it caps lag at partitions × lagThreshold)', () => {
    expect(problems((i) => (i.alerting = { workerMaxLag: 1200 }))).toEqual([
      'alerting.workerMaxLag: 1200 is not below 1200, the most lag KEDA reports (scaling.worker.partitions × lagThreshold = 12 × 100): the freshness objective could never fail',
    ]);
    expect(problems((i) => (i.alerting = { workerMaxLag: 1199 }))).toEqual([]);
  });

  it('labels the rules for another Prometheus when the rule selector changes', () => {
    const { objects } = renderVariant('eks-staging', (i) => (i.network = { ...i.network, monitoringLabels: { release: 'platform-monitoring', prometheus: 'platform' } }));
    for (const rule of objects.filter((o) => o.kind === 'PrometheusRule')) {
      expect(rule.metadata.labels?.prometheus).toBe('platform');
      expect(rule.metadata.labels?.release).toBe('platform-monitoring');
    }
  });

  it('drops the API\'s objectives where the API is not public (Envoy does not see it)', () => {
    const { objects } = renderVariant('eks-staging', (i) => (i.edge = { ...i.edge, publicApi: false }));
    const names = ruleGroupsOf(objects).map((g) => g.name);
    expect(names).not.toContain('slo-moderation-api-availability');
    expect(names).toContain('slo-web-availability');
  });
});
