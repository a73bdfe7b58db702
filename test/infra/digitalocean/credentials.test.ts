/** The provider authenticates with a token synced by External Secrets: no token in Git; the platform reads endpoints from the real connection Secrets. */
import { DO_ESTATE } from '../../../charts/infra/digitalocean/estate';
import { DO_TARGETS, doEstate, forProvider } from './support';

describe.each(DO_TARGETS)('the credentials of %s', (name) => {
  const { context, bootstrap, estate } = doEstate(name);

  it('reads the API token only from the Secret its ExternalSecret produces, from the management cluster\'s store', () => {
    const [config] = bootstrap.filter((o) => o.kind === 'ProviderConfig');
    const secretRef = (config.spec as { credentials: { source: string; secretRef: { name: string; key: string } } }).credentials;
    expect(secretRef.source).toBe('Secret');
    const producers = bootstrap.filter((o) => o.kind === 'ExternalSecret' && (o.spec as { target: { name: string } }).target.name === secretRef.secretRef.name);
    expect(producers).toHaveLength(1);
    const spec = producers[0].spec as { secretStoreRef: { kind: string; name: string }; data: { remoteRef: { key: string } }[]; target: { template: { data: Record<string, string> } } };
    expect(spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'management-secrets' });
    expect(new Set(spec.data.map((d) => d.remoteRef.key))).toEqual(new Set([`${context.target.name}/digitalocean-api-token`]));
    expect(Object.keys(spec.target.template.data)).toEqual([secretRef.secretRef.key]);
    expect(JSON.stringify([...bootstrap, ...estate])).not.toMatch(/dop_v1_/);
  });

  // A disaster-recovery standby reads its primary's replica, written in the primary's estate namespace.
  it('names the connection Secrets endpoints() reads after objects that write them, with the provider\'s keys', () => {
    const endpoints = DO_ESTATE.endpoints(context);
    const everyEstate = DO_TARGETS.flatMap((target) => doEstate(target).estate);
    for (const endpoint of Object.values(endpoints)) {
      const namespace = endpoint.namespace ?? context.namespace;
      const writers = everyEstate.filter(
        (o) => o.metadata.namespace === namespace && (o.spec as { writeConnectionSecretToRef?: { name: string } }).writeConnectionSecretToRef?.name === endpoint.connectionSecret,
      );
      expect(writers.map((o) => o.kind)).toEqual([endpoint.namespace === undefined ? 'Cluster' : 'Replica']);
      expect(forProvider(writers[0]).privateNetworkUuidRef).toBeDefined();
      for (const template of Object.values(endpoint.keys)) expect(template).toContain('"attribute.private_uri"');
    }
  });
});
