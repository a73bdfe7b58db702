import type { k8s } from 'cdk8s-plus-28';
import { SERVICE_NAMES, type ServiceName } from '../platform/services';

/** The services that evaluate flags: all of them, each through the OpenFeature SDK and its flagd provider. */
export const FLAG_CLIENTS: readonly ServiceName[] = SERVICE_NAMES;

/**
 * The environment a service's flagd provider reads (the names every flagd provider knows,
 * https://flagd.dev/providers/): flagd's Service, its evaluation port, remote evaluation, plaintext
 * inside the namespace.
 */
export function flagdProviderEnv(host: string, port: number): k8s.EnvVar[] {
  return [
    { name: 'FLAGD_HOST', value: host },
    { name: 'FLAGD_PORT', value: String(port) },
    { name: 'FLAGD_RESOLVER', value: 'rpc' },
    { name: 'FLAGD_TLS', value: 'false' },
  ];
}
