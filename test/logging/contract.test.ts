import { ACCESS_LOG_FORMAT } from '../../charts/edge/envoy-proxy';
import { CONTRACT_FIELDS } from '../../charts/logging/contract';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { getObject, renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';

describe.each(TARGET_NAMES)('the log contract on %s', (targetName) => {
  const { target } = renderedTarget(targetName);
  const objects = targetObjects(targetName);

  it.each([...SERVICE_NAMES])('switches %s to JSON lines at the target\'s level, under its own name', (name) => {
    const env = getObject(objects, 'Deployment', name, target.namespace).spec.template.spec.containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'LOG_FORMAT', value: 'json' },
        { name: 'LOG_LEVEL', value: target.logging.level },
        { name: 'SERVICE_NAME', value: name },
      ]),
    );
    const names = env.map((e: { name: string }) => e.name);
    expect(names.filter((n: string, i: number) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('has Envoy write its access log as JSON lines on stdout, in the same contract', () => {
    const proxy = objects.find((o) => o.kind === 'EnvoyProxy')!;
    expect(proxy.spec.telemetry.accessLog.settings).toEqual([
      { format: { type: 'JSON', json: ACCESS_LOG_FORMAT }, sinks: [{ type: 'File', file: { path: '/dev/stdout' } }] },
    ]);
  });
});

describe('the Envoy access log format', () => {
  it('has the contract\'s fields', () => {
    expect(Object.keys(ACCESS_LOG_FORMAT)).toEqual(expect.arrayContaining([...CONTRACT_FIELDS]));
    expect(ACCESS_LOG_FORMAT.time).toBe('%START_TIME%');
    expect(ACCESS_LOG_FORMAT.trace_id).toBe('%TRACE_ID%');
  });

  it('records what an investigation asks of a request: method, path, status, duration, client, rate-limit and policy verdicts', () => {
    expect(ACCESS_LOG_FORMAT).toMatchObject({
      http_method: '%REQ(:METHOD)%',
      http_status: '%RESPONSE_CODE%',
      duration_ms: '%DURATION%',
      client_ip: '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%',
      response_flags: '%RESPONSE_FLAGS%',
      response_code_details: '%RESPONSE_CODE_DETAILS%',
      request_id: '%REQ(X-REQUEST-ID)%',
    });
  });

  it('never logs a query string, a cookie or an authorization header', () => {
    expect(ACCESS_LOG_FORMAT.http_path).toBe('%PATH(NQ:ORIG_OR_PATH)%');
    const all = Object.values(ACCESS_LOG_FORMAT).join(' ');
    expect(all).not.toMatch(/%REQ\(:PATH\)|X-ENVOY-ORIGINAL-PATH|%PATH%|PATH\(WQ|COOKIE|AUTHORIZATION|X-API-KEY/i);
  });
});
