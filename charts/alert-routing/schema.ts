import { z } from 'zod';
import { hostname, port } from '../config/primitives';

/**
 * The `alertRouting` section of a target: where the platform's alerts are delivered. Only the
 * destinations are written per target (the team's Slack channel, the info mail's addresses and
 * relay); the routing itself (severity → receiver, grouping, inhibition) is the same everywhere
 * (./routing.ts), and every credential is read from the secrets manager (./credentials.ts).
 */

/** An SMTP relay as `host:port`. */
const smarthost = z.string().refine((v) => {
  const at = v.lastIndexOf(':');
  return at > 0 && hostname.safeParse(v.slice(0, at)).success && /^\d+$/.test(v.slice(at + 1)) && port.safeParse(Number(v.slice(at + 1))).success;
}, 'must be an SMTP relay as "host:port" such as "smtp.example.com:587"');

const slack = z
  .object({
    /**
     * The team's channel for warnings, e.g. "#moderation-alerts". Slack apps' incoming webhooks post
     * to the channel they were created for; name that one here so the two never disagree.
     */
    channel: z.string().regex(/^#[a-z0-9][a-z0-9._-]{0,79}$/, 'must be a Slack channel such as "#moderation-alerts" (lowercase, at most 80 characters)'),
  })
  .strict();

const email = z
  .object({
    /** Who receives the info alerts, one mail per group. */
    to: z
      .array(z.email({ message: 'must be an email address' }))
      .min(1, 'must list at least one address')
      .refine((a) => new Set(a).size === a.length, 'must not list an address twice'),
    /** Sender address; the relay must be allowed to send as it (SPF/DKIM of its domain). */
    from: z.email({ message: 'must be an email address' }),
    /** The SMTP relay: port 587 (STARTTLS) or 465 (implicit TLS), or the relay's 2525 where a cloud blocks those; TLS is always required. */
    smarthost,
    /**
     * The relay's SMTP user. The AlertmanagerConfig has no Secret reference for it (only for the
     * password), so it is configuration: an identifier, not a credential.
     */
    authUsername: z.string().min(1, 'must not be empty'),
  })
  .strict();

export const alertRoutingConfig = {
  alertRouting: z
    .object({
      slack,
      email,
    })
    .strict(),
};

export type AlertRoutingConfig = z.output<(typeof alertRoutingConfig)['alertRouting']>;
