import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Address ranges and the TCP port a backup pod connects to. */
export interface Destination {
  readonly cidrs: readonly string[];
  readonly port: number;
}

/** Where the dumps are kept: a bucket of an S3-compatible object store, and the addresses of its endpoint. */
export interface ObjectStoreLocation extends Destination {
  readonly bucket: string;
  /** Folder of the dumps, without slashes at either end. */
  readonly prefix: string;
  readonly endpoint: string;
  readonly region: string;
}

/** The object store as the scripts (./scripts) and the AWS CLI read it. */
export function objectStoreEnv(store: ObjectStoreLocation): k8s.EnvVar[] {
  return [
    { name: 'BACKUP_BUCKET', value: store.bucket },
    { name: 'BACKUP_PREFIX', value: store.prefix },
    { name: 'OBJECT_STORE_ENDPOINT', value: store.endpoint },
    { name: 'AWS_REGION', value: store.region },
  ];
}

/** A script of ./scripts, as the shell runs it. */
export function script(name: 'backup.sh' | 'restore.sh' | 'check-tables.sh' | 'check-schema.sh'): string {
  return readFileSync(join(__dirname, 'scripts', name), 'utf8');
}

export interface EgressOnlyPolicyProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels of the pods it isolates. */
  readonly selector: Readonly<Record<string, string>>;
  readonly destinations: readonly Destination[];
}

/**
 * The NetworkPolicy of a backup pod: nothing may connect to it, and it may connect to the listed
 * destinations only, by address and port (the cluster DNS is allowed namespace-wide).
 */
export class EgressOnlyPolicy extends Construct {
  readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: EgressOnlyPolicyProps) {
    super(scope, id);
    this.policy = new k8s.KubeNetworkPolicy(this, 'policy', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec: {
        podSelector: { matchLabels: { ...props.selector } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [],
        egress: props.destinations.map((d) => ({
          to: d.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(d.port) }],
        })),
      },
    });
  }
}
