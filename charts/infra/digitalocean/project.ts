import type { Construct } from 'constructs';
import { Project } from '../../../imports/projects-project.digitalocean.m.crossplane.io';
import type { EstateContext } from '../estate';
import { managed, NAMES } from './common';
import { bucketNames, spaceUrn } from './storage';

/** DigitalOcean's names for a project's environment. */
const PROJECT_ENVIRONMENTS = { production: 'Production', staging: 'Staging' } as const;

/**
 * The target's Project. The database clusters join it themselves (`projectIdRef`); the Spaces are
 * listed by URN, which follows from their names. A Project takes literal URNs only, and the DOKS
 * cluster's (`do:kubernetes:<id>`) exists only once it does: docs/features/infra-digitalocean.md#project.
 */
export function buildProject(scope: Construct, context: EstateContext): void {
  const { target } = context;
  const { metadata, providerConfigRef } = managed(context, NAMES.project);
  const names = bucketNames(context);
  new Project(scope, 'project', {
    metadata,
    spec: {
      providerConfigRef,
      forProvider: {
        name: target.name,
        description: `The moderation platform's ${target.environment} estate (${target.name}), managed by Crossplane`,
        purpose: 'Web Application',
        environment: PROJECT_ENVIRONMENTS[target.environment],
        isDefault: false,
        resources: [spaceUrn(names.backups), spaceUrn(names.staticAssets)],
      },
    },
  });
}
