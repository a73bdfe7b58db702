/** The `alertRouting` section: destinations are required and checked; everything else has a default. */
import { configProblems } from '../support/overlay';

/** The problems of eks-production with its alertRouting section changed. */
function problems(change: (alertRouting: Record<string, any>) => void): string[] {
  return configProblems('eks-production', (input) => change(input.alertRouting));
}

describe('alertRouting config', () => {
  it('accepts the overlays as written', () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  it('is required: a target names where its alerts go', () => {
    expect(configProblems('eks-production', (input) => delete input.alertRouting)).toEqual([expect.stringMatching(/^alertRouting: /)]);
  });

  it.each([
    ['a Slack channel without "#"', (a: any) => (a.slack.channel = 'moderation-alerts'), 'alertRouting.slack.channel: must be a Slack channel'],
    ['an uppercase Slack channel', (a: any) => (a.slack.channel = '#Moderation'), 'alertRouting.slack.channel: must be a Slack channel'],
    ['a relay without a port', (a: any) => (a.email.smarthost = 'smtp.example.com'), 'alertRouting.email.smarthost: must be an SMTP relay as "host:port"'],
    ['a relay with a port out of range', (a: any) => (a.email.smarthost = 'smtp.example.com:70000'), 'alertRouting.email.smarthost: must be an SMTP relay as "host:port"'],
    ['a URL as relay', (a: any) => (a.email.smarthost = 'smtp://smtp.example.com:587'), 'alertRouting.email.smarthost: must be an SMTP relay as "host:port"'],
    ['no recipient', (a: any) => (a.email.to = []), 'alertRouting.email.to: must list at least one address'],
    ['a recipient twice', (a: any) => (a.email.to = ['a@example.com', 'a@example.com']), 'alertRouting.email.to: must not list an address twice'],
    ['a sender that is no address', (a: any) => (a.email.from = 'alertmanager'), 'alertRouting.email.from: must be an email address'],
    ['a field for the password (credentials come from the secrets manager)', (a: any) => (a.email.authPassword = 'hunter2'), 'alertRouting.email: unknown field "authPassword"'],
    ['a field for the webhook URL', (a: any) => (a.slack.webhookUrl = 'https://hooks.slack.com/services/T0/B0/x'), 'alertRouting.slack: unknown field "webhookUrl"'],
  ])('rejects %s', (_what, change, message) => {
    expect(problems(change)).toEqual([expect.stringContaining(message)]);
  });
});
