import { validateTarget } from '../../charts/config/validate';
import { DEFAULT_RETENTION_DAYS } from '../../charts/logging/schema';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { overlayInput } from '../support/overlay';
import { renderedTarget, renderVariant, TARGET_NAMES, targetObjects } from '../support/render';
import { parsedConfig } from './logging-objects';

/** The message of the error validating `name`'s overlay after `change`, or '' when it is valid. */
function problemsOf(name: string, change: (input: ReturnType<typeof overlayInput>) => void): string {
  const input = overlayInput(name);
  change(input);
  try {
    validateTarget(name, input);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe.each(TARGET_NAMES)('logging config of %s', (name) => {
  it.each([7, 400, 29, 91])('rejects a retention of %i days, naming the target, the field and why', (days) => {
    const message = problemsOf(name, (input) => {
      input.logging = { ...input.logging!, retentionDays: days };
    });
    expect(message).toContain(`target "${name}"`);
    expect(message).toMatch(days < 30 ? /logging\.retentionDays: must be at least 30 days: abuse reports/ : /logging\.retentionDays: must be at most 90 days: logs hold personal data/);
  });

  it('keeps logs 30 days in staging and 90 in production unless the target says otherwise', () => {
    const { target } = renderedTarget(name);
    expect(DEFAULT_RETENTION_DAYS).toEqual({ staging: 30, production: 90 });
    expect(target.logging.retentionDays).toBeUndefined();
  });

  it('needs the API server\'s and the log store\'s addresses', () => {
    const message = problemsOf(name, (input) => {
      input.logging = {} as never;
    });
    expect(message).toMatch(/logging\.apiServer: /);
    expect(message).toMatch(/logging\.destination: /);
  });
});

describe('retention per cloud', () => {
  it('sets the CloudWatch log groups\' retention from the config', () => {
    expect(parsedConfig(targetObjects('eks-staging'), 'logging').pipeline.outputs[0].log_retention_days).toBe(30);
    expect(parsedConfig(targetObjects('eks-production'), 'logging').pipeline.outputs[0].log_retention_days).toBe(90);
    const { objects } = renderVariant('eks-production', (input) => {
      input.logging = { ...input.logging!, retentionDays: 60 };
    });
    expect(parsedConfig(objects, 'logging').pipeline.outputs[0].log_retention_days).toBe(60);
  });

  it('refuses a retention CloudWatch Logs cannot keep, with the ones it can', () => {
    const message = problemsOf('eks-production', (input) => {
      input.logging = { ...input.logging!, retentionDays: 45 };
    });
    expect(message).toContain('logging.retentionDays: 45 is not a retention Amazon CloudWatch Logs accepts on eks: use one of 30, 60, 90');
  });

  it('writes any retention in range into the OpenSearch ISM policy', () => {
    const { objects } = renderVariant('doks-production', (input) => {
      input.logging = { ...input.logging!, retentionDays: 45 };
    });
    const policy = JSON.parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'opensearch-ism-policy')!.data['policy.json']);
    expect(policy.policy.states[0].transitions).toEqual([{ state_name: 'delete', conditions: { min_index_age: '45d' } }]);
    expect(policy.policy.states[1].actions).toEqual([{ delete: {} }]);
    expect(policy.policy.ism_template).toEqual([{ index_patterns: ['moderation-production-*'], priority: 100 }]);
  });

  it('needs the OpenSearch cluster\'s host on DOKS, and not CloudWatch\'s on EKS', () => {
    const strip = (input: ReturnType<typeof overlayInput>) => {
      const { host: _host, ...destination } = input.logging!.destination;
      input.logging = { ...input.logging!, destination };
    };
    expect(problemsOf('doks-staging', strip)).toMatch(/logging\.destination\.host: required on doks: the host of the DigitalOcean Managed OpenSearch cluster/);
    expect(problemsOf('eks-staging', strip)).toBe('');
  });
});

describe('the services\' log level', () => {
  it('comes from the config', () => {
    const { objects } = renderVariant('doks-staging', (input) => {
      input.logging = { ...input.logging!, level: 'debug' };
    });
    const services = objects.filter((o) => o.kind === 'Deployment' && (SERVICE_NAMES as readonly string[]).includes(o.metadata.name));
    expect(services).toHaveLength(SERVICE_NAMES.length);
    for (const deployment of services) {
      expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'LOG_LEVEL', value: 'debug' });
    }
  });

  it('is one the contract knows', () => {
    expect(problemsOf('doks-staging', (input) => {
      input.logging = { ...input.logging!, level: 'verbose' as never };
    })).toMatch(/logging\.level: must be one of debug, info, warn, error/);
  });
});
