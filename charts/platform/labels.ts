import type { Target } from '../config/target';

/** `app.kubernetes.io/part-of` of everything the project deploys. */
export const PART_OF = 'moderation-platform';
export const MANAGED_BY = 'cdk8s';

/** Version of this deployment code, the `app.kubernetes.io/version` of objects that run no image. */
export const PLATFORM_VERSION: string = require('../../package.json').version;

/** Labels every object carries: ownership and cost allocation. */
export function commonLabels(target: Target): Record<string, string> {
  return {
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'environment': target.environment,
    'team': target.owner.team,
    'cost-center': target.owner.costCenter,
  };
}

/**
 * The labels that select an application's pods. Deployment and PDB selectors are immutable, so
 * these never include anything that changes between releases (version) or with code layout
 * (construct paths).
 */
export function selectorLabels(name: string, target: Target): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': `${name}-${target.environment}`,
  };
}

/** The recommended `app.kubernetes.io/*` labels of one application, plus the common labels. */
export function appLabels(target: Target, app: { name: string; component: string; version: string }): Record<string, string> {
  return {
    ...commonLabels(target),
    ...selectorLabels(app.name, target),
    'app.kubernetes.io/component': app.component,
    'app.kubernetes.io/version': app.version,
  };
}
