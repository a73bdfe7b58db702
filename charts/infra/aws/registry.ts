import { Construct } from 'constructs';
import { LifecyclePolicy } from '../../../imports/lifecyclepolicies-ecr.aws.m.upbound.io';
import { RegistryScanningConfiguration } from '../../../imports/registryscanningconfigurations-ecr.aws.m.upbound.io';
import { Repository } from '../../../imports/repositories-ecr.aws.m.upbound.io';
import { SERVICE_NAMES } from '../../platform/services';
import type { EstateContext } from '../estate';
import { awsSettings, managed, ref, tagsOf } from './context';
import { EXTERNAL_NAME } from './observability-cost';

/** Whether the target's estate owns the ECR repositories: production's, unless `infra.aws.registry.manage` says otherwise. */
export function managesRegistry(context: EstateContext): boolean {
  return awsSettings(context).registry.manage ?? context.target.environment === 'production';
}

/** The ECR repository of a service: the path of the target's registry (`images.registry`) and the service's name. */
export function repositoryName(context: EstateContext, service: string): string {
  const [, ...path] = context.target.images.registry.split('/');
  return [...path, service].join('/');
}

/** An ECR lifecycle policy: untagged images expire after some days, only the newest tagged images are kept. */
export function ecrLifecyclePolicy(keepTaggedImages: number, untaggedExpiryDays: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Untagged images expire ${untaggedExpiryDays} days after their push`,
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedExpiryDays },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `Only the newest ${keepTaggedImages} images are kept`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keepTaggedImages },
        action: { type: 'expire' },
      },
    ],
  });
}

/**
 * The services' ECR repositories, where the estate owns them (`managesRegistry`): immutable tags
 * (a tag can never point at other bytes), scan on push, a lifecycle policy; and the registry's
 * scanning configuration (basic scanning of every repository on push).
 */
export class AwsRegistry extends Construct {
  constructor(scope: Construct, id: string, context: EstateContext) {
    super(scope, id);
    if (!managesRegistry(context)) return;
    const region = context.target.cluster.region;
    const { registry } = awsSettings(context);
    for (const service of SERVICE_NAMES) {
      const name = context.name(`ecr-${service}`);
      const repository = managed(context, name);
      const external = repositoryName(context, service);
      new Repository(this, `repository-${service}`, {
        metadata: { ...repository.metadata, annotations: { [EXTERNAL_NAME]: external } },
        spec: {
          providerConfigRef: repository.providerConfigRef,
          forProvider: { region, imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true }, forceDelete: false, tags: tagsOf(context, external) },
        },
      });
      const lifecycle = managed(context, `${name}-lifecycle`);
      new LifecyclePolicy(this, `lifecycle-${service}`, {
        metadata: lifecycle.metadata,
        spec: { providerConfigRef: lifecycle.providerConfigRef, forProvider: { region, repositoryRef: ref(name), policy: ecrLifecyclePolicy(registry.keepTaggedImages, registry.untaggedExpiryDays) } },
      });
    }
    const scanning = managed(context, context.name('ecr-scanning'));
    new RegistryScanningConfiguration(this, 'scanning', {
      metadata: scanning.metadata,
      spec: { providerConfigRef: scanning.providerConfigRef, forProvider: { region, scanType: 'BASIC', rule: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilter: [{ filter: '*', filterType: 'WILDCARD' }] }] } },
    });
  }
}
