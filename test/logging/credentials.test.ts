import { cloudProfile } from '../../charts/cloud';
import { OPENSEARCH_SECRET } from '../../charts/logging/opensearch';
import { renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';
import { byKind, secretRefsOf } from '../support/secrets';
import { collectorOf } from './logging-objects';

/** Environment variable names that would carry a static cloud key. */
const STATIC_KEY = /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|ACCESS_KEY|SECRET_KEY/;

describe.each(TARGET_NAMES)('the log collector\'s credentials on %s', (targetName) => {
  const { target } = renderedTarget(targetName);
  const objects = targetObjects(targetName);
  const namespace = target.logging.namespace;
  const { daemonSet, container } = collectorOf(objects, namespace);
  const store = cloudProfile(target.cloud).logStore;
  const externalSecrets = byKind(objects, 'ExternalSecret').filter((es) => es.metadata.namespace === namespace);
  const refs = secretRefsOf(daemonSet);

  it('never carries a static cloud key', () => {
    expect((container.env ?? []).filter((e: any) => STATIC_KEY.test(e.name))).toEqual([]);
    expect(JSON.stringify(daemonSet)).not.toMatch(/AKIA[0-9A-Z]{16}/);
  });

  if (store.kind === 'cloudwatch-logs') {
    it('writes to CloudWatch Logs with its pod identity: no Secret synced, none read', () => {
      expect(externalSecrets).toEqual([]);
      expect(refs).toEqual({ env: [], whole: [], pull: [] });
      expect(daemonSet.metadata.annotations).toBeUndefined();
    });
  } else {
    it('writes to OpenSearch with a login and CA synced from the secrets manager into its namespace', () => {
      expect(externalSecrets.map((es) => es.metadata.name)).toEqual([OPENSEARCH_SECRET.name]);
      const [secret] = externalSecrets;
      expect(secret.spec.data.map((d: any) => [d.secretKey, d.remoteRef.key, d.remoteRef.property])).toEqual([
        ['username', `${target.environment}/moderation/fluent-bit/opensearch`, 'username'],
        ['password', `${target.environment}/moderation/fluent-bit/opensearch`, 'password'],
        ['ca.crt', `${target.environment}/moderation/fluent-bit/opensearch`, 'ca-certificate'],
      ]);
      const storeObject = byKind(objects, 'ClusterSecretStore')[0];
      expect(storeObject.spec.conditions[0].namespaces).toContain(namespace);
    });

    it('reads the login from the Secret\'s keys, mounts the CA read-only, and rolls when the Secret rotates', () => {
      expect(refs.env).toEqual([
        { name: OPENSEARCH_SECRET.name, key: 'username', optional: false },
        { name: OPENSEARCH_SECRET.name, key: 'password', optional: false },
      ]);
      expect(refs.whole).toEqual([OPENSEARCH_SECRET.name]);
      expect(daemonSet.metadata.annotations).toEqual({ 'secret.reloader.stakater.com/reload': OPENSEARCH_SECRET.name });
    });
  }
});
