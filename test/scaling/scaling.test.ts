/** KEDA scales the worker on Kafka consumer lag and ml-inference on requests in flight. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLOUD_PROFILES } from '../../charts/cloud';
import { estateContext } from '../../charts/infra/estate';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { KAFKA_CA_SECRET } from '../../charts/scaling/chart';
import { configProblems, overlayInput } from '../support/overlay';
import { endpointRef } from '../support/estate';
import { getObject, renderedTarget, renderVariant, TARGET_NAMES, targetObjects } from '../support/render';
import { fingerprint, overlaysFolder, runSynth, tempDir } from '../support/synth-command';

describe.each(TARGET_NAMES)('scaling of %s', (name) => {
  const { target } = renderedTarget(name);
  const cloud = CLOUD_PROFILES[target.cloud];
  const objects = targetObjects(name);
  const worker = getObject(objects, 'ScaledObject', 'moderation-worker');
  const trigger = worker.spec.triggers[0];
  const auth = getObject(objects, 'TriggerAuthentication', 'moderation-worker');

  it('the worker scales on its consumer group\'s lag of its topic, within its replica bounds and the partitions', () => {
    const { replicas } = target.services['moderation-worker'];
    expect(trigger.type).toBe('kafka');
    expect(trigger.metadata).toMatchObject({
      topic: target.scaling.worker.topic,
      consumerGroup: target.scaling.worker.consumerGroup,
      lagThreshold: String(target.scaling.worker.lagThreshold),
      activationLagThreshold: String(target.scaling.worker.activationLagThreshold),
      allowIdleConsumers: 'false',
      tls: 'enable',
    });
    // The brokers are the worker's own variable, which reads the estate's endpoint Secret: none typed here.
    expect(trigger.metadata.bootstrapServers).toBeUndefined();
    const env = getObject(objects, 'Deployment', 'moderation-worker').spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === trigger.metadata.bootstrapServersFromEnv);
    expect(env.valueFrom).toEqual(endpointRef('kafka', 'brokers'));
    expect([worker.spec.minReplicaCount, worker.spec.maxReplicaCount]).toEqual([replicas.min, replicas.max]);
    expect(worker.spec.maxReplicaCount).toBeLessThanOrEqual(target.scaling.worker.partitions);
    expect(worker.spec.fallback.replicas).toBeGreaterThanOrEqual(replicas.min);
    expect(worker.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThan(0);
    expect(trigger.authenticationRef).toEqual({ name: auth.metadata.name });
  });

  it('authenticates without a static key where the cloud has an identity, else with the worker\'s SCRAM user and the brokers\' CA', () => {
    const caSynced = objects.some((o) => o.kind === 'ExternalSecret' && o.spec.target.name === KAFKA_CA_SECRET.name);
    if (cloud.kafkaAuth.kind === 'aws-msk-iam') {
      expect(auth.spec).toEqual({ podIdentity: { provider: 'aws' } });
      expect(trigger.metadata).toMatchObject({ sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', awsRegion: target.cluster.region });
      // The brokers the worker's variable holds are MSK's IAM listener's, as the estate publishes them.
      expect(trigger.metadata.bootstrapServersFromEnv).toBe('KAFKA_BOOTSTRAP_SERVERS');
      expect(cloud.estate.endpoints(estateContext(target, cloud)).kafka.keys.brokers).toMatch(/SaslIam/);
      expect(cloud.estatePorts.kafka).toBe(cloud.kafkaAuth.port);
      expect(caSynced).toBe(false);
    } else {
      expect(trigger.metadata.sasl).toBe(cloud.kafkaAuth.mechanism);
      expect(auth.spec.secretTargetRef.map((r: { parameter: string }) => r.parameter).sort()).toEqual(['ca', 'password', 'username']);
      const secrets = new Set(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.spec.target.name));
      for (const ref of auth.spec.secretTargetRef) expect(secrets).toContain(ref.name);
      expect(caSynced).toBe(true);
    }
  });

  it('ml-inference scales on requests in flight per pod from Prometheus, not on memory', () => {
    const inference = getObject(objects, 'ScaledObject', 'ml-inference');
    const [prometheus] = inference.spec.triggers;
    expect(prometheus).toMatchObject({ type: 'prometheus', metricType: 'AverageValue' });
    expect(prometheus.metadata.query).toContain(target.scaling.inference.inFlightMetric);
    expect(prometheus.metadata.threshold).toBe(String(target.scaling.inference.inFlightPerPod));
    const services: readonly string[] = SERVICE_NAMES;
    expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && services.includes(o.metadata.name)).map((o) => o.metadata.name).sort()).toEqual(['moderation-api', 'web']);
  });
});

describe('the worker may not outgrow its topic', () => {
  const problems = (change: (input: Record<string, any>) => void) => configProblems('eks-production', change);

  it('max replicas above the partition count fail, naming both numbers', () => {
    expect(problems((i) => (i.scaling = { worker: { partitions: 6 } }))).toEqual([
      'services.moderation-worker.replicas.max: 12 exceeds scaling.worker.partitions (6): a consumer group uses at most one consumer per partition; lower it, or add partitions to the topic first',
    ]);
    expect(problems((i) => (i.services = { 'moderation-worker': { replicas: { min: 2, max: 13 } } }))).toEqual([expect.stringMatching(/^services\.moderation-worker\.replicas\.max: 13 exceeds scaling\.worker\.partitions \(12\)/)]);
    expect(problems((i) => (i.scaling = { worker: { partitions: 12 } }))).toEqual([]);
  });

  it('through the synth command: exit 1, the problem listed, the output folder untouched', () => {
    const raised = overlayInput('eks-production');
    raised.services = { 'moderation-worker': { replicas: { min: 2, max: 40 } } };
    const outdir = tempDir('dist-');
    fs.mkdirSync(path.join(outdir, 'eks-production'));
    fs.writeFileSync(path.join(outdir, 'eks-production', 'kustomization.yaml'), 'resources: []\n');
    const before = fingerprint(outdir);
    const result = runSynth(['--overlays', overlaysFolder({ 'eks-production': raised }), '--outdir', outdir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('services.moderation-worker.replicas.max: 40 exceeds scaling.worker.partitions (12)');
    expect(fingerprint(outdir)).toEqual(before);
  });

  it('a lower fallback than the maximum is kept as configured', () => {
    const { objects } = renderVariant('eks-staging', (i) => (i.scaling = { worker: { fallbackReplicas: 2 } }));
    expect(getObject(objects, 'ScaledObject', 'moderation-worker').spec.fallback.replicas).toBe(2);
  });
});
