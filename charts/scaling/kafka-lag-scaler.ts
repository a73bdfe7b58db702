import { Construct } from 'constructs';
import { ScaledObject } from '../../imports/scaledobjects-keda.sh';
import { TriggerAuthentication, TriggerAuthenticationSpecPodIdentityProvider, type TriggerAuthenticationSpecSecretTargetRef } from '../../imports/triggerauthentications-keda.sh';
import type { KafkaAuth } from '../cloud';
import { scaledObjectProps, type ScaledDeployment } from './scaled-object';

/** A Secret key KEDA reads a SASL/TLS parameter from. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

export interface KafkaLagScalerProps extends ScaledDeployment {
  /**
   * The environment variable of the Deployment's container that holds the brokers (`host:port`,
   * comma-separated), which KEDA resolves from the container (`bootstrapServersFromEnv`): the
   * brokers come from the estate's endpoint Secret, and on Amazon MSK they are its IAM listener's.
   */
  readonly brokersFromEnv: string;
  readonly topic: string;
  readonly consumerGroup: string;
  readonly lagThreshold: number;
  readonly activationLagThreshold: number;
  /** How the scaler authenticates (the cloud profile's). */
  readonly auth: KafkaAuth;
  /** AWS region of the MSK cluster, for `aws-msk-iam`. @default none (required for that auth) */
  readonly awsRegion?: string;
  /** SASL username, password and the brokers' CA, for `scram`. @default none (required for that auth) */
  readonly scram?: { readonly username: SecretKeyRef; readonly password: SecretKeyRef; readonly ca: SecretKeyRef };
}

/**
 * Scales a Kafka consumer Deployment on its consumer group's lag with KEDA's stable `kafka` trigger:
 * a ScaledObject (KEDA creates and owns the HPA, with the platform's fast-up, slow-down behaviour)
 * and the TriggerAuthentication it reads the lag with — the KEDA operator's own cloud identity on
 * Amazon MSK (IAM, no key), or SASL/SCRAM over TLS with credentials from a synced Secret.
 */
export class KafkaLagScaler extends Construct {
  readonly scaledObject: ScaledObject;
  readonly authentication: TriggerAuthentication;

  constructor(scope: Construct, id: string, props: KafkaLagScalerProps) {
    super(scope, id);
    const metadata = { name: props.deployment, namespace: props.namespace, labels: { ...props.labels } };
    const { auth } = props;

    const secretTargetRef: TriggerAuthenticationSpecSecretTargetRef[] = [];
    if (auth.kind === 'scram') {
      if (!props.scram) throw new Error(`${this.node.path}: SASL/SCRAM needs the username, password and CA Secret keys`);
      for (const [parameter, ref] of Object.entries(props.scram)) secretTargetRef.push({ parameter, name: ref.name, key: ref.key });
    } else if (!props.awsRegion) {
      throw new Error(`${this.node.path}: Amazon MSK IAM needs the cluster's AWS region`);
    }
    this.authentication = new TriggerAuthentication(this, 'authentication', {
      metadata,
      spec:
        auth.kind === 'aws-msk-iam'
          ? // The KEDA operator's role (identityOwner keda, the default), granted kafka-cluster:Describe* on the group and topic.
            { podIdentity: { provider: TriggerAuthenticationSpecPodIdentityProvider.AWS } }
          : { secretTargetRef },
    });

    const security: Record<string, string> =
      auth.kind === 'aws-msk-iam'
        ? { sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', tls: 'enable', awsRegion: props.awsRegion! }
        : { sasl: auth.mechanism, tls: 'enable' };

    this.scaledObject = new ScaledObject(
      this,
      'scaled-object',
      scaledObjectProps(props, {
        type: 'kafka',
        authenticationRef: { name: this.authentication.name },
        metadata: {
          bootstrapServersFromEnv: props.brokersFromEnv,
          consumerGroup: props.consumerGroup,
          // Always set: without a topic KEDA sums the lag of every topic the group ever read.
          topic: props.topic,
          lagThreshold: String(props.lagThreshold),
          activationLagThreshold: String(props.activationLagThreshold),
          offsetResetPolicy: 'earliest',
          // Never more consumers than partitions (the rules cap maxReplicas there too).
          allowIdleConsumers: 'false',
          ...security,
        },
      }),
    );
  }
}
