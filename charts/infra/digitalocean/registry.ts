import type { Construct } from 'constructs';
import { Registry } from '../../../imports/registries-container.digitalocean.m.crossplane.io';
import type { EstateContext } from '../estate';
import { doSettings, managed } from './common';

/** DigitalOcean Container Registry's host: a registry is `registry.digitalocean.com/<name>`. */
export const DOCR_HOST = 'registry.digitalocean.com';

/** The registry name the target's images come from, when they come from DigitalOcean's registry. */
export function registryName(imagesRegistry: string): string | undefined {
  const [host, name] = imagesRegistry.split('/');
  return host === DOCR_HOST && name ? name : undefined;
}

/**
 * The account's container registry, on the target that owns it (`infra.digitalocean.registry`): an
 * account has exactly one, shared by its targets, so only one estate may create it. Its name is the
 * one `images.registry` pulls from, typed once.
 */
export function buildRegistry(scope: Construct, context: EstateContext): void {
  const settings = doSettings(context).registry;
  const name = registryName(context.target.images.registry);
  if (!settings || !name) return;
  const { metadata, providerConfigRef } = managed(context, 'registry');
  new Registry(scope, 'registry', {
    metadata,
    spec: { providerConfigRef, forProvider: { name, subscriptionTierSlug: settings.subscriptionTier, region: settings.region ?? context.target.cluster.region } },
  });
}
