import type { SecretSpec } from '../secrets/credentials';
import type { ReceiverName } from './routing';

/**
 * The receivers' credentials: one Secret, read by the prometheus-operator for the Alertmanager, in
 * the AlertmanagerConfig's own namespace (the platform's: an AlertmanagerConfig can only reference
 * Secrets of its namespace). The secrets feature syncs it from the target's secrets manager.
 */
export const RECEIVER_SECRET = 'alertmanager-receivers';

/** The key of the Secret each receiver reads its credential from. */
export const RECEIVER_SECRET_KEYS: Readonly<Record<ReceiverName, string>> = {
  pagerduty: 'pagerduty-routing-key',
  slack: 'slack-webhook-url',
  email: 'smtp-password',
};

/** The Secret, for the secrets feature: remote keys `<prefix>/alertmanager/{pagerduty,slack,smtp}`. */
export const RECEIVER_CREDENTIALS: SecretSpec = {
  owner: 'alertmanager',
  secretName: RECEIVER_SECRET,
  namespace: 'platform',
  usedBy: 'Alertmanager, through the AlertmanagerConfig\'s secret key references (the prometheus-operator reads them)',
  credentials: [
    {
      name: 'pagerduty',
      class: 'platform',
      description: 'PagerDuty Events API v2 integration (routing) key of the service critical alerts page',
      fields: [{ property: 'routing-key', secretKey: RECEIVER_SECRET_KEYS.pagerduty }],
    },
    {
      name: 'slack',
      class: 'platform',
      description: 'Slack incoming-webhook URL of the team\'s alert channel (the URL is the credential)',
      fields: [{ property: 'webhook-url', secretKey: RECEIVER_SECRET_KEYS.slack }],
    },
    {
      name: 'smtp',
      class: 'platform',
      description: 'Password of the SMTP relay user that sends the info mails',
      fields: [{ property: 'password', secretKey: RECEIVER_SECRET_KEYS.email }],
    },
  ],
};
