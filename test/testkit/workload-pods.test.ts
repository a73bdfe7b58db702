import { isAllowed } from '../support/network-policy';
import { findPod, podOf, worldOf } from '../support/workload-pods';

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'moderation', labels: { ignored: 'yes' } },
  spec: {
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: { containers: [{ name: 'api', ports: [{ name: 'http', containerPort: 8080 }] }, { name: 'sidecar', ports: [{ containerPort: 9901, protocol: 'TCP' }] }] },
    },
  },
};
const cronJob = {
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'purge' },
  spec: { schedule: '@daily', jobTemplate: { spec: { template: { metadata: { labels: { app: 'purge' } }, spec: { containers: [{ name: 'p' }] } } } } },
};
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'moderation', labels: { team: 'trust' } } };

describe('workload pods', () => {
  it('takes namespace, template labels and all container ports from a workload', () => {
    expect(podOf(deployment)).toEqual({
      name: 'api', namespace: 'moderation', labels: { app: 'api' },
      ports: [{ name: 'http', containerPort: 8080 }, { containerPort: 9901, protocol: 'TCP' }],
    });
    expect(podOf(cronJob, 'jobs')).toEqual({ name: 'purge', namespace: 'jobs', labels: { app: 'purge' }, ports: [] });
    expect(() => podOf(namespace)).toThrow(/no pod template/);
  });

  it('finds a workload by name and builds the world from Namespace objects', () => {
    const objects = [namespace, deployment, cronJob, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' } }];
    expect(findPod(objects, 'api').labels).toEqual({ app: 'api' });
    expect(() => findPod(objects, 'nope')).toThrow(/found 0/);
    const world = worldOf(objects, [{ name: 'kube-system' }]);
    expect(world.namespaces).toEqual([{ name: 'moderation', labels: { team: 'trust' } }, { name: 'kube-system' }]);
    const policy = {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'api', namespace: 'moderation' },
      spec: { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'trust' } } }], ports: [{ port: 'http' }] }] },
    };
    const purge = podOf(cronJob, 'moderation');
    expect(isAllowed([policy], world, purge, findPod(objects, 'api'), 8080).allowed).toBe(true);
    expect(isAllowed([policy], world, purge, findPod(objects, 'api'), 9901).allowed).toBe(false);
  });
});
