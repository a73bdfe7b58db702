/**
 * The canary analysis: each service's AnalysisTemplate queries Prometheus for the objectives of the
 * SLO table (the alerts' own indicators, the target's objectives), its queries are PromQL reading
 * catalogued metrics only, and Prometheus' engine (promtool) fails a bad canary and passes a good one.
 */
import { FASTEST_BURN_RATE } from '../../charts/alerting/burn-rates';
import { metricInfo } from '../../charts/alerting/metrics';
import { resolveSlos } from '../../charts/alerting/sli';
import { SLOS } from '../../charts/alerting/slos';
import { analyse } from '../alerting/promql-tree';
import { promtool, writeFiles } from '../alerting/rule-files';
import { getObject, type KubeObject, renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';

const WEIGHT_PLACEHOLDER = '{{args.canary-weight}}';
/** Argo Rollouts' failure condition on the query's values, and the bound it holds them to. */
const CONDITION = /^len\(result\) > 0 && result\[0\] > ([0-9.]+)$/;

/** A metric's query as Argo Rollouts runs it at a step of `weight` %. */
const atWeight = (query: string, weight: number) => query.replaceAll(WEIGHT_PLACEHOLDER, String(weight));
const bound = (metric: any): number => Number(CONDITION.exec(metric.failureCondition)![1]);

describe.each(TARGET_NAMES)('canary analysis of %s', (targetName) => {
  const { target } = renderedTarget(targetName);
  const objects = targetObjects(targetName);
  const templates = objects.filter((o) => o.kind === 'AnalysisTemplate');

  it('has one template per Rollout, the one its steps name', () => {
    const named = objects.filter((o) => o.kind === 'Rollout').flatMap((r) => r.spec.strategy.canary.steps.flatMap((s: any) => s.analysis?.templates.map((t: any) => t.templateName) ?? []));
    expect([...new Set(named)].sort()).toEqual(templates.map((t) => t.metadata.name).sort());
  });

  describe.each(templates.map((t) => [t.metadata.name, t] as const))('%s', (_name, template: KubeObject) => {
    const service = template.metadata.labels!['app.kubernetes.io/name'];
    const objectives = resolveSlos(target).filter((o) => o.service === service);
    const metrics: any[] = template.spec.metrics;

    it('measures every objective of the service in the SLO table, and nothing else', () => {
      expect(objectives.length).toBeGreaterThan(0);
      expect(metrics.map((m) => m.name)).toEqual(objectives.map((o) => o.id));
    });

    it.each(objectives.map((o) => [o.id, o] as const))('%s: the alerts\' indicator over the canary\'s share, failing above the fastest page\'s burn', (id, objective) => {
      const metric = metrics.find((m) => m.name === id);
      const { query, address } = metric.provider.prometheus;
      const window = /\[(\d+m)\]/.exec(query)![1];
      // The very expression the burn-rate alerts record, scaled by the step's weight.
      if (objective.sli.kind !== 'events') throw new Error(`${id} is not an event objective`);
      expect(query).toBe(`(\n${objective.sli.errorRatio(window)}\n)\n/\n(${WEIGHT_PLACEHOLDER} / 100)`);
      // The bound is the table's objective (or the target's override), never a copy.
      const percent = target.alerting.objectives[id] ?? SLOS.find((s) => s.id === id)!.objective;
      expect(metric.failureCondition).toMatch(CONDITION);
      expect(bound(metric)).toBeCloseTo((1 - percent / 100) * FASTEST_BURN_RATE, 12);
      expect(address).toBe(target.rollouts.prometheusUrl);
    });

    it('measures each step `rollouts.measurements` times, a minute apart, after one full window, and fails on the third failure', () => {
      for (const metric of metrics) {
        expect(metric).toMatchObject({ interval: '1m', count: target.rollouts.measurements, failureLimit: 2 });
        expect(metric.failureLimit).toBeLessThan(metric.count);
        expect(metric.initialDelay).toBe(/\[(\d+m)\]/.exec(metric.provider.prometheus.query)![1]);
        expect(metric.successCondition).toBeUndefined(); // no data is no failure; see the promtool test
      }
    });

    it.each(target.rollouts.weights)('at %i %%, every query is valid PromQL reading only catalogued metrics', (weight) => {
      for (const metric of metrics) {
        const facts = analyse(atWeight(metric.provider.prometheus.query, weight));
        expect(facts.errors).toEqual([]);
        expect(facts.metrics.filter((m) => !metricInfo(m))).toEqual([]);
        expect(facts.metrics.every((m) => m.startsWith('envoy_cluster_upstream_rq'))).toBe(true);
      }
    });
  });
});

/**
 * eks-production's web analysis evaluated by Prometheus' engine: each metric becomes an alert that
 * fires exactly when Argo Rollouts would count a failed measurement (the query's value above the bound).
 */
describe('promtool evaluates web\'s canary analysis', () => {
  const template = getObject(targetObjects('eks-production'), 'AnalysisTemplate', 'web-canary');
  const NS = 'moderation';
  const envoy = (metric: string, labels = '') => `${metric}{namespace="envoy-gateway-system",pod="envoy-edge-0",envoy_cluster_name="httproute/${NS}/web-pages/rule/0"${labels}}`;
  /** Requests a minute on web-pages, how many of them are 5xx and how many take over 1 s. */
  const traffic = (perMinute: number, errors: number, slow: number) => [
    { series: envoy('envoy_cluster_upstream_rq_total'), values: `0+${perMinute}x30` },
    { series: envoy('envoy_cluster_upstream_rq_xx', ',envoy_response_code_class="5"'), values: `0+${errors}x30` },
    { series: envoy('envoy_cluster_upstream_rq_time_count'), values: `0+${perMinute}x30` },
    { series: envoy('envoy_cluster_upstream_rq_time_bucket', ',le="1000"'), values: `0+${perMinute - slow}x30` },
  ];
  const failing = (...names: string[]) => ['web-availability', 'web-latency'].map((alertname) => ({ eval_time: '5m', alertname, exp_alerts: names.includes(alertname) ? [{ exp_labels: { namespace: NS } }] : [] }));

  const run = (weight: number, input_series: unknown[], alert_rule_test: unknown[]) => {
    const rules = template.spec.metrics.map((m: any) => ({ alert: m.name, expr: `(${atWeight(m.provider.prometheus.query, weight)}) > ${bound(m)}` }));
    const dir = writeFiles({ 'rules.yaml': { groups: [{ name: 'canary', rules }] }, 'tests.yaml': { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [{ interval: '1m', input_series, alert_rule_test }] } });
    return promtool(['test', 'rules', 'tests.yaml'], dir);
  };

  it('passes a canary at 10 % while the routes answer 0.1 % errors and 0.5 % slow requests (the stable version spending its budget)', () => {
    const result = run(10, traffic(1000, 1, 5), failing());
    expect(result.output).toContain('SUCCESS');
  });

  it('fails a canary at 10 % that answers 5 % of its requests with a 5xx', () => {
    // 90 % of 1000 at 0.1 % plus 10 % of 1000 at 5 %: 5.9 errors a minute.
    const result = run(10, traffic(1000, 5.9, 5), failing('web-availability'));
    expect(result.output).toContain('SUCCESS');
  });

  it('fails a canary at 25 % that answers half its requests in over 1 s', () => {
    // 75 % of 1000 at 0.5 % plus 25 % of 1000 at 50 %: 128.75 slow requests a minute.
    const result = run(25, traffic(1000, 1, 128.75), failing('web-latency'));
    expect(result.output).toContain('SUCCESS');
  });

  it('the check can fail: the healthy traffic is not mistaken for a failing canary', () => {
    const result = run(10, traffic(1000, 1, 5), failing('web-availability'));
    expect(result.output).not.toContain('SUCCESS');
  });

  it('passes when the routes have no traffic (0/0 is NaN, which is not above the bound): no requests is no evidence against the canary', () => {
    const result = run(10, traffic(0, 0, 0), failing());
    expect(result.output).toContain('SUCCESS');
  });
});
