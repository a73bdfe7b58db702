/** The `rollouts` section, and how the target's other config shapes its canaries. */
import { validateTarget } from '../../charts/config/validate';
import { allObjectsOf, getObject, renderVariant } from '../support/render';
import { configProblems, overlayInput } from '../support/overlay';

const problems = (change: (input: Record<string, any>) => void) => configProblems('eks-staging', change);

describe('the rollouts config', () => {
  it('defaults: 10, 25 and 50 %, five measurements a step, the in-cluster Prometheus', () => {
    const target = validateTarget('eks-staging', overlayInput('eks-staging'));
    expect(target.rollouts).toEqual({ prometheusUrl: 'http://prometheus-operated.monitoring.svc.cluster.local:9090', weights: [10, 25, 50], measurements: 5 });
  });

  it('rejects weights that do not increase or reach 100 %, and steps too short to fail', () => {
    expect(problems((i) => (i.rollouts = { weights: [25, 10] }))).toEqual(['rollouts.weights: must increase from step to step']);
    expect(problems((i) => (i.rollouts = { weights: [50, 100] }))).toEqual(['rollouts.weights[1]: must be below 100: after the last step the canary is promoted to all traffic']);
    expect(problems((i) => (i.rollouts = { weights: [] }))).toEqual(['rollouts.weights: must list at least one step']);
    expect(problems((i) => (i.rollouts = { measurements: 2 }))).toEqual(['rollouts.measurements: must be at least 3: a step aborts after 3 failed measurements']);
    expect(problems((i) => (i.rollouts = { prometheusUrl: 'prometheus:9090' }))).toEqual(['rollouts.prometheusUrl: must be an http(s) URL']);
  });

  it('renders the configured steps, measurements and Prometheus', () => {
    const { objects } = renderVariant('eks-staging', (i) => (i.rollouts = { weights: [5, 50], measurements: 3, prometheusUrl: 'http://prometheus.observability.svc:9090' }));
    const steps = getObject(objects, 'Rollout', 'web').spec.strategy.canary.steps;
    expect(steps.filter((s: any) => s.setWeight).map((s: any) => s.setWeight)).toEqual([5, 50]);
    expect(steps.filter((s: any) => s.analysis).map((s: any) => s.analysis.args[0].value)).toEqual(['5', '50']);
    for (const metric of getObject(objects, 'AnalysisTemplate', 'web-canary').spec.metrics) {
      expect(metric.count).toBe(3);
      expect(metric.provider.prometheus.address).toBe('http://prometheus.observability.svc:9090');
    }
  });

  it('holds the canary to the target\'s own objective where it overrides the table', () => {
    const { objects } = renderVariant('eks-staging', (i) => (i.alerting = { objectives: { 'web-availability': 99.5 } }));
    const metric = getObject(objects, 'AnalysisTemplate', 'web-canary').spec.metrics.find((m: any) => m.name === 'web-availability');
    // 0.5 % of budget, spent 14.4 times as fast.
    expect(metric.failureCondition).toBe('len(result) > 0 && result[0] > 0.072');
  });
});

describe('a target that keeps its API private', () => {
  const { objects, rendered } = renderVariant('eks-staging', (i) => (i.edge = { publicApi: false }));

  it('rolls moderation-api out as a rolling update: no edge traffic to split, so no Rollout, canary Service or analysis', () => {
    expect(objects.filter((o) => o.kind === 'Rollout').map((o) => o.metadata.name)).toEqual(['web']);
    expect(objects.filter((o) => o.metadata.name.startsWith('moderation-api-canary'))).toEqual([]);
    expect(getObject(objects, 'HorizontalPodAutoscaler', 'moderation-api').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'moderation-api' });
  });

  it('asks Argo CD to ignore nothing of moderation-api but the replicas its HPA owns', () => {
    const ignored: { name: string }[] = getObject(allObjectsOf(rendered), 'Application', 'moderation-eks-staging').spec.ignoreDifferences;
    expect(ignored.map((i) => i.name)).toContain('web-canary');
    expect(ignored.filter((i) => i.name.startsWith('moderation-api'))).toEqual([{ group: 'apps', kind: 'Deployment', name: 'moderation-api', namespace: 'moderation', jsonPointers: ['/spec/replicas'] }]);
  });
});
