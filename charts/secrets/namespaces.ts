import type { Target } from '../config/target';
import { CERT_MANAGER_NAMESPACE, type SecretNamespace } from './credentials';

/** The namespace a catalogue Secret lives in on a target. */
export function secretNamespace(target: Target, namespace: SecretNamespace): string {
  switch (namespace) {
    case 'platform':
      return target.namespace;
    case 'cert-manager':
      return CERT_MANAGER_NAMESPACE;
    case 'logging':
      return target.logging.namespace;
  }
}
