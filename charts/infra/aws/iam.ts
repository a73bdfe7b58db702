import type { Construct } from 'constructs';
import { Policy } from '../../../imports/policies-iam.aws.m.upbound.io';
import { RolePolicyAttachment } from '../../../imports/rolepolicyattachments-iam.aws.m.upbound.io';
import { Role } from '../../../imports/roles-iam.aws.m.upbound.io';
import type { EstateContext } from '../estate';
import { managed, policyDocument, ref, tagsOf, type Ref } from './context';

/** An AWS managed policy's ARN. */
export const awsManagedPolicy = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** IAM's statement shape, as the estate writes it. */
export type Statement = Parameters<typeof policyDocument>[0][number];

export interface RoleProps {
  /** The role's (and its object's) name. */
  readonly name: string;
  readonly description: string;
  /** The AWS service that assumes the role (`eks.amazonaws.com`, `pods.eks.amazonaws.com`, …). */
  readonly service: string;
  /** Extra actions the service needs on the trust (EKS Pod Identity: `sts:TagSession`). @default none */
  readonly trustActions?: readonly string[];
  /** AWS managed policies attached. @default none */
  readonly managedPolicies?: readonly string[];
  /** The role's own least-privilege policy, as a customer managed Policy attached to it. @default none */
  readonly statements?: readonly Statement[];
}

/**
 * An IAM role a service assumes, with the AWS managed policies it needs and its own policy, every
 * attachment by reference (RolePolicyAttachment's `roleRef` and `policyArnRef`).
 */
export function iamRole(scope: Construct, context: EstateContext, props: RoleProps): Ref {
  const role = managed(context, props.name);
  new Role(scope, `role-${props.name}`, {
    metadata: role.metadata,
    spec: {
      providerConfigRef: role.providerConfigRef,
      forProvider: {
        description: props.description,
        assumeRolePolicy: policyDocument([{ Principal: { Service: props.service }, Action: ['sts:AssumeRole', ...(props.trustActions ?? [])] }]),
        tags: tagsOf(context, props.name),
      },
    },
  });
  for (const policyArn of props.managedPolicies ?? []) {
    const attachment = managed(context, `${props.name}-${policyArn.split('/').pop()!.toLowerCase().replace(/_/g, '-')}`);
    new RolePolicyAttachment(scope, `attach-${attachment.metadata.name}`, { metadata: attachment.metadata, spec: { providerConfigRef: attachment.providerConfigRef, forProvider: { roleRef: ref(props.name), policyArn } } });
  }
  if (props.statements) {
    const policy = managed(context, props.name);
    new Policy(scope, `policy-${props.name}`, {
      metadata: policy.metadata,
      spec: { providerConfigRef: policy.providerConfigRef, forProvider: { description: props.description, policy: policyDocument(props.statements), tags: tagsOf(context, props.name) } },
    });
    const attachment = managed(context, `${props.name}-own`);
    new RolePolicyAttachment(scope, `attach-${props.name}-own`, { metadata: attachment.metadata, spec: { providerConfigRef: attachment.providerConfigRef, forProvider: { roleRef: ref(props.name), policyArnRef: ref(props.name) } } });
  }
  return ref(props.name);
}
