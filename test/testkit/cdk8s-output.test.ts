/** The validators must accept what cdk8s-plus-28 synthesizes (no false positives), and still catch typos in it. */
import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { validateObject } from '../support/validate-all';

function synth(): { chart: Chart } {
  const app = new App();
  const chart = new Chart(app, 'c', { namespace: 'moderation' });
  const sa = new kplus.ServiceAccount(chart, 'sa');
  const cm = new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } });
  const deployment = new kplus.Deployment(chart, 'api', {
    serviceAccount: sa,
    containers: [
      {
        image: 'nginx',
        portNumber: 8080,
        envFrom: [kplus.Env.fromConfigMap(cm)],
        resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(256) } },
        readiness: kplus.Probe.fromHttpGet('/healthz'),
        liveness: kplus.Probe.fromTcpSocket(),
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'tmp', 'tmp') }],
      },
    ],
  });
  deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  new kplus.HorizontalPodAutoscaler(chart, 'hpa', {
    target: deployment, maxReplicas: 5, metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
  });
  new kplus.Job(chart, 'job', { containers: [{ image: 'busybox' }], ttlAfterFinished: Duration.minutes(5) });
  new kplus.CronJob(chart, 'cron', { schedule: Cron.daily(), containers: [{ image: 'busybox' }] });
  const np = new kplus.NetworkPolicy(chart, 'np', { selector: deployment });
  np.addIngressRule(kplus.Pods.select(chart, 'p', { labels: { a: 'b' } }), [kplus.NetworkPolicyPort.tcp(8080)]);
  const role = new kplus.Role(chart, 'role');
  role.allowRead(cm);
  role.bind(sa);
  const clusterRole = new kplus.ClusterRole(chart, 'cr');
  clusterRole.allowGet(kplus.ApiResource.PODS);
  clusterRole.bind(sa);
  new kplus.Secret(chart, 's', { stringData: { a: 'b' } });
  new kplus.Namespace(chart, 'ns');
  new kplus.StatefulSet(chart, 'ss', { containers: [{ image: 'redis', portNumber: 6379 }] });
  return { chart };
}

describe('cdk8s-plus-28 output', () => {
  it('validates clean', () => {
    const objects = synth().chart.toJson();
    expect(objects.length).toBeGreaterThanOrEqual(15);
    expect(objects.flatMap(validateObject)).toEqual([]);
  });

  it('still reports a typo in it', () => {
    const objects = synth().chart.toJson();
    objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    const problems = objects.flatMap(validateObject);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Deployment moderation\/c-api-c8\w+: spec\.template\.spec\.containers\[0\]\.imagePullPolicyy: unknown field$/);
  });
});
