import { z } from 'zod';
import { dnsLabel } from '../config/primitives';

/** Who runs `npm run verify` against the target: a CI job's identity. */
export const verifierSchema = z
  .object({
    /**
     * Bound to the verifier's read-only ClusterRole: a Group (mapped from a cloud identity, e.g. an
     * EKS access entry's `kubernetesGroups`, or an OIDC group) or a ServiceAccount in the cluster.
     */
    subject: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('Group'), name: z.string().min(1) }).strict(),
        z.object({ kind: z.literal('ServiceAccount'), name: dnsLabel, namespace: dnsLabel }).strict(),
      ])
      .default({ kind: 'Group', name: 'moderation:verifiers' }),
  })
  .strict()
  .prefault({});
