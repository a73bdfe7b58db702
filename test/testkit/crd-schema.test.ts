import * as fs from 'fs';
import * as path from 'path';
import { crdKinds, crdsDir, parseCrdFile, scanCrdText } from '../support/crd-index';
import { crdFor, isCustomResource, validateCustomResource } from '../support/crd-schema';

const certificate = () => ({
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'api-tls', namespace: 'moderation' },
  spec: {
    secretName: 'api-tls',
    dnsNames: ['api.example.com'],
    duration: '2160h',
    renewBefore: '360h',
    privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
  },
});

const httpRoute = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'api', namespace: 'moderation' },
  spec: {
    parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'https' }],
    hostnames: ['api.example.com'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/v1' } }],
        backendRefs: [{ name: 'api', port: 80, weight: 100 }],
        timeouts: { request: '30s' },
      },
    ],
  },
};

const backendTrafficPolicy = {
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'BackendTrafficPolicy',
  metadata: { name: 'api', namespace: 'moderation' },
  spec: {
    targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'api' }],
    retry: { numRetries: 2, retryOn: { triggers: ['connect-failure', 'retriable-status-codes'], httpStatusCodes: [503] } },
    timeout: { http: { requestTimeout: '10s' } },
    circuitBreaker: { maxConnections: 1024 },
  },
};

const externalSecret = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'db', namespace: 'moderation' },
  spec: {
    refreshInterval: '1h',
    secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' },
    target: { name: 'db', creationPolicy: 'Owner' },
    data: [{ secretKey: 'password', remoteRef: { key: 'prod/db', property: 'password' } }],
  },
};

describe('validateCustomResource', () => {
  it('accepts a valid cert-manager Certificate', () => {
    expect(validateCustomResource(certificate())).toEqual([]);
  });

  it('rejects an unknown spec field', () => {
    const c = certificate() as any;
    c.spec.dnsName = ['typo.example.com'];
    expect(validateCustomResource(c)).toEqual(['Certificate moderation/api-tls: spec.dnsName: unknown field']);
    expect(validateCustomResource({ ...certificate(), sepc: {} })).toEqual(['Certificate moderation/api-tls: sepc: unknown field']);
  });

  it('rejects an unknown nested field', () => {
    const c = certificate() as any;
    c.spec.issuerRef.namespace = 'x';
    expect(validateCustomResource(c)).toEqual(['Certificate moderation/api-tls: spec.issuerRef.namespace: unknown field']);
  });

  it('rejects a wrong type', () => {
    const c = certificate() as any;
    c.spec.dnsNames = 'api.example.com';
    expect(validateCustomResource(c)).toEqual(['Certificate moderation/api-tls: spec.dnsNames: must be array']);
  });

  it('rejects a missing required field', () => {
    const c = certificate() as any;
    delete c.spec.issuerRef;
    expect(validateCustomResource(c)).toEqual([
      "Certificate moderation/api-tls: spec: must have required property 'issuerRef'",
    ]);
  });

  it('rejects an invalid enum value and lists the allowed ones', () => {
    const c = certificate() as any;
    c.spec.privateKey.algorithm = 'DSA';
    const problems = validateCustomResource(c);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/spec\.privateKey\.algorithm: must be equal to one of the allowed values \(.*"ECDSA".*\)/);
  });

  it('rejects an unknown kind, an unknown version and an unserved version', () => {
    expect(validateCustomResource({ apiVersion: 'cert-manager.io/v1', kind: 'Certificat', metadata: { name: 'x' } })).toEqual([
      'Certificat x: no CRD defines kind Certificat in group "cert-manager.io"',
    ]);
    expect(validateCustomResource({ apiVersion: 'cert-manager.io/v2', kind: 'Certificate', metadata: { name: 'x' } })).toEqual([
      'Certificate x: CRD certificates.cert-manager.io has no version v2',
    ]);
    expect(validateCustomResource({ ...externalSecret, apiVersion: 'external-secrets.io/v1beta1' })).toEqual([
      'ExternalSecret moderation/db: version v1beta1 of externalsecrets.external-secrets.io is not served',
    ]);
  });

  it('checks root metadata only as an object', () => {
    expect(validateCustomResource({ ...certificate(), metadata: { name: 'x', anything: 1 } })).toEqual([]);
    expect(validateCustomResource({ ...certificate(), metadata: 'x' })).toEqual(['Certificate <no name>: metadata: must be object']);
  });

  it('accepts a valid Gateway API HTTPRoute', () => {
    expect(validateCustomResource(httpRoute)).toEqual([]);
  });

  it('rejects a Gateway with two listeners of the same name (list-type map)', () => {
    const listener = (name: string, port: number) => ({ name, port, protocol: 'HTTP' });
    const gateway = (listeners: unknown[]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'gateway' },
      spec: { gatewayClassName: 'eg', listeners },
    });
    expect(validateCustomResource(gateway([listener('http', 80), listener('alt', 8080)]))).toEqual([]);
    expect(validateCustomResource(gateway([listener('http', 80), listener('http', 8080)]))).toEqual([
      'Gateway gateway/public: spec.listeners: duplicate entry [1] for key (name="http")',
    ]);
  });

  it('accepts int-or-string values both ways and rejects other types', () => {
    const keda = (minReplicaCount: unknown, target: unknown) => ({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'w' },
      spec: {
        scaleTargetRef: { name: 'w' },
        minReplicaCount,
        advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } } } },
        triggers: [{ type: 'prometheus', metadata: { threshold: target } }],
      },
    });
    expect(validateCustomResource(keda(1, '10'))).toEqual([]);
    expect(validateCustomResource(keda('1', '10'))).toEqual(['ScaledObject w: spec.minReplicaCount: must be integer']);
    expect(validateCustomResource(keda(1, 10))).toEqual(['ScaledObject w: spec.triggers[0].metadata.threshold: must be string']);
  });

  it('accepts an Envoy Gateway BackendTrafficPolicy and rejects a bad Go duration', () => {
    expect(validateCustomResource(backendTrafficPolicy)).toEqual([]);
    const bad = JSON.parse(JSON.stringify(backendTrafficPolicy));
    bad.spec.timeout.http.requestTimeout = '10 seconds';
    expect(validateCustomResource(bad).join('\n')).toContain('spec.timeout.http.requestTimeout');
  });

  it('accepts an ExternalSecret (external-secrets.io/v1)', () => {
    expect(validateCustomResource(externalSecret)).toEqual([]);
  });

  it('keeps fields under x-kubernetes-preserve-unknown-fields', () => {
    const app = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'moderation', namespace: 'argocd' },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'moderation' },
        source: {
          repoURL: 'https://github.com/example/moderation-k8s', path: 'dist/eks', targetRevision: 'main',
          helm: { valuesObject: { anything: { nested: [1, 'two'] } } }, // x-kubernetes-preserve-unknown-fields
        },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    };
    expect(validateCustomResource(app)).toEqual([]);
    expect(validateCustomResource({ ...app, spec: { ...app.spec, sourse: {} } })).toEqual([
      'Application argocd/moderation: spec.sourse: unknown field',
    ]);
  });
});

describe('crd lookup', () => {
  it('knows which objects are custom resources', () => {
    expect(isCustomResource(httpRoute)).toBe(true);
    expect(isCustomResource({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(false);
    expect(isCustomResource({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' })).toBe(false);
    expect(crdFor(httpRoute)?.spec.names.plural).toBe('httproutes');
    expect(crdFor({ apiVersion: 'v1', kind: 'Service' })).toBeUndefined();
  });

  it('text scan finds the same group/kinds as a full YAML parse', () => {
    const files = fs.readdirSync(crdsDir()).filter((f) => f.endsWith('.yaml')).map((f) => path.join(crdsDir(), f));
    const small = files.filter((f) => fs.statSync(f).size < 100_000);
    for (const file of small) {
      const full = parseCrdFile(file).map((c) => ({ group: c.spec.group, kind: c.spec.names.kind }));
      expect(scanCrdText(fs.readFileSync(file, 'utf8'))).toEqual(full);
    }
    expect(crdKinds().length).toBe(files.length); // one CRD per vendored file
  });

  it('honours MODERATION_CRDS_DIR', () => {
    const saved = process.env.MODERATION_CRDS_DIR;
    process.env.MODERATION_CRDS_DIR = '/nonexistent/crds';
    try {
      expect(() => crdFor(httpRoute)).toThrow(/nonexistent/);
    } finally {
      if (saved === undefined) delete process.env.MODERATION_CRDS_DIR;
      else process.env.MODERATION_CRDS_DIR = saved;
    }
    expect(crdFor(httpRoute)).toBeDefined();
  });
});
