import { cloudProfile } from '../../charts/cloud';
import { AUDIT_ACTIONS, probePaths } from '../../charts/logging/contract';
import { BUFFER_LIMITS, ERROR_COUNTER_METRIC, FLUENT_BIT_PATHS } from '../../charts/logging/fluent-bit-config';
import { auditRetentionOf, retentionOf } from '../../charts/logging/schema';
import { renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';
import { collectorOf, parsedConfig, routeOf, section } from './logging-objects';

/** A grep rule `KEY REGEX` as JavaScript sees it: the key, and the regex (Onigmo's syntax, which these patterns share with JavaScript's). */
const rule = (text: string) => ({ key: text.slice(0, text.indexOf(' ')), regex: new RegExp(text.slice(text.indexOf(' ') + 1)) });

describe.each(TARGET_NAMES)('the Fluent Bit configuration of %s', (targetName) => {
  const { target } = renderedTarget(targetName);
  const objects = targetObjects(targetName);
  const namespace = target.logging.namespace;
  const config = parsedConfig(objects, namespace);
  const { inputs, filters, outputs } = config.pipeline;
  const { container, pod } = collectorOf(objects, namespace);
  const mountOf = (path: string) => container.volumeMounts.find((m: any) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));

  it('tails every container log with the CRI parser, but not its own, keeping offsets and buffering on disk', () => {
    expect(inputs).toHaveLength(1);
    const tail = section(inputs, 'tail');
    expect(tail).toMatchObject({ 'path': '/var/log/containers/*.log', 'multiline.parser': 'cri', 'storage.type': 'filesystem', 'skip_long_lines': true });
    expect(tail.exclude_path).toBe(`/var/log/containers/*_${namespace}_*.log`);
    // The offsets database and the buffer live on the pod's writable emptyDir, not in the read-only host mount.
    for (const path of [tail.db as string, config.service['storage.path'] as string]) {
      expect(mountOf(path)).toMatchObject({ mountPath: FLUENT_BIT_PATHS.state });
      expect(mountOf(path).readOnly).toBeUndefined();
    }
  });

  it('filters in order: Python tracebacks joined first, probe lines dropped, Kubernetes metadata merged, errors counted, audit events set apart', () => {
    expect(filters.map((f) => f.name)).toEqual(['multiline', 'grep', 'kubernetes', 'log_to_metrics', 'rewrite_tag']);
    const platformTags = `kube.var.log.containers.*_${target.namespace}_*`;
    expect(section(filters, 'multiline')).toMatchObject({ 'match': platformTags, 'multiline.parser': 'python', 'multiline.key_content': 'log', 'buffer': true });
    expect(section(filters, 'kubernetes')).toMatchObject({ 'match': 'kube.*', 'merge_log': true, 'keep_log': false, 'annotations': false, 'k8s-logging.exclude': false, 'k8s-logging.parser': false });
  });

  it('drops the services\' probe lines, /health, /ready, /api/health and /api/ready, and nothing else', () => {
    const grep = section(filters, 'grep');
    expect(grep).toMatchObject({ match: `kube.var.log.containers.*_${target.namespace}_*`, logical_op: 'or' });
    expect(grep.regex).toBeUndefined();
    const rules = (grep.exclude as string[]).map(rule);
    expect(probePaths()).toEqual(['/api/health', '/api/ready', '/health', '/ready']);
    expect(rules).toHaveLength(4);
    for (const r of rules) expect(r.key).toBe('log');
    const dropped = (line: string) => rules.some((r) => r.regex.test(line));
    for (const path of probePaths()) {
      expect(dropped(`{"time":"2026-11-25T10:05:00.123Z","level":"info","service":"moderation-api","message":"GET ${path} 200","http_path":"${path}","http_status":200}`)).toBe(true);
      expect(dropped(`INFO:     10.0.3.7:51234 - "GET ${path} HTTP/1.1" 200 OK`)).toBe(true);
      expect(dropped(`{"http_path": "${path}?probe=kubelet","http_status":200}`)).toBe(true);
    }
    for (const kept of [
      '{"level":"info","message":"decision stored","http_path":"/api/v1/decisions","http_status":201}',
      '{"level":"info","message":"GET /healthz 200","http_path":"/healthz"}',
      '{"level":"info","http_path":"/api/health-report"}',
      'INFO:     10.0.3.7:51234 - "GET /readyz HTTP/1.1" 200 OK',
      '{"level":"error","message":"upstream /health check of ml-inference failed"}',
      'INFO:     10.0.3.7:51234 - "POST /api/v1/moderate HTTP/1.1" 200 OK',
    ]) {
      expect({ kept, dropped: dropped(kept) }).toEqual({ kept, dropped: false });
    }
  });

  it(`counts error-level lines as ${ERROR_COUNTER_METRIC}, exported on the metrics port only`, () => {
    const counter = section(filters, 'log_to_metrics');
    expect(`${counter.metric_namespace}_${counter.metric_subsystem}_${counter.metric_name}`).toBe('fluentbit_logs_errors_total');
    expect(counter).toMatchObject({ metric_mode: 'counter', match: 'kube.*' });
    expect(counter.metric_description).toBeTruthy();
    const levels = rule(counter.regex as string);
    expect(levels.key).toBe('level');
    for (const level of ['error', 'ERROR', 'fatal', 'critical', 'CRITICAL']) expect(levels.regex.test(level)).toBe(true);
    for (const level of ['info', 'warn', 'warning', 'debug', 'errors', 'no error']) expect(levels.regex.test(level)).toBe(false);
    expect(counter.add_label).toEqual(["namespace $kubernetes['namespace_name']", "container $kubernetes['container_name']"]);
    const exporter = section(outputs, 'prometheus_exporter');
    expect(exporter.match).toBe(counter.tag);
    expect(routeOf(config, counter.tag as string, { level: 'error' })).toEqual([exporter.alias ?? exporter.name]);
    // The log store never receives the metrics records, nor the exporter the logs.
    expect(outputs.filter((o) => o.match === counter.tag)).toEqual([exporter]);
  });

  it('bounds memory, disk and retries', () => {
    expect(config.service).toMatchObject({ 'storage.max_chunks_up': BUFFER_LIMITS.maxChunksUp, 'storage.backlog.mem_limit': `${BUFFER_LIMITS.backlogMemMB}M`, 'scheduler.cap': 120 });
    expect(section(filters, 'log_to_metrics').emitter_mem_buf_limit).toBe(`${BUFFER_LIMITS.metricsEmitterMB}M`);
    expect(section(filters, 'multiline')['emitter_storage.type']).toBe('filesystem');
    expect(section(filters, 'rewrite_tag')['emitter_storage.type']).toBe('filesystem');
    const [store, audit] = outputs;
    expect(store.match).toBe('kube.*');
    expect(store['storage.total_limit_size']).toBe(`${BUFFER_LIMITS.outputQueueMB}M`);
    expect(audit['storage.total_limit_size']).toBe(`${BUFFER_LIMITS.auditQueueMB}M`);
    for (const output of [store, audit]) {
      expect(output.retry_limit).toEqual(expect.any(Number));
      expect(output.retry_limit).toBeGreaterThan(0);
    }
    expect(config.service.grace as number).toBeLessThan(pod.terminationGracePeriodSeconds);
    expect(config.service.hot_reload).toBe(false);
  });

  it('reads every ${VARIABLE} it names from its container\'s environment', () => {
    const text = JSON.stringify(config);
    const named = [...text.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]);
    const env = (container.env ?? []).map((e: any) => e.name);
    expect(named.filter((name) => !env.includes(name))).toEqual([]);
  });

  describe('audit events', () => {
    const platformTag = `kube.var.log.containers.moderation-api-7d4b9c-x2x9z_${target.namespace}_moderation-api-0123abcd.log`;
    const auditEvent = { log_type: 'audit', level: 'info', service: 'moderation-api', message: 'decision overridden', actor: 'user:8812', action: AUDIT_ACTIONS[1], target: 'content:51', outcome: 'success' };
    const [store, audit] = outputs;
    const aliases = { store: store.alias as string, audit: audit.alias as string };

    it('sends the platform\'s audit events to the audit destination only', () => {
      expect(routeOf(config, platformTag, auditEvent)).toEqual([aliases.audit]);
    });

    it('keeps every other line out of the audit destination: ordinary lines, other log types, lookalikes', () => {
      for (const record of [
        { level: 'info', service: 'moderation-api', message: 'decision stored' },
        { log_type: 'access', message: 'GET /api/v1/decisions 200' },
        { log_type: 'audit-trail', message: 'not the audit type' },
        { log_type: 'AUDIT', message: 'another case' },
        { message: 'log_type audit', log: '{"log_type":"audit"}' },
      ]) {
        expect({ record, to: routeOf(config, platformTag, record) }).toEqual({ record, to: [aliases.store] });
      }
    });

    it('leaves audit-typed lines of other namespaces in their ordinary logs: only the platform writes the audit trail', () => {
      for (const other of ['kube-system', 'envoy-gateway-system', target.logging.namespace]) {
        expect(routeOf(config, `kube.var.log.containers.some-pod_${other}_app-0123.log`, auditEvent)).toEqual([aliases.store]);
      }
    });

    it('keeps them for the audit retention, apart from the logs', () => {
      const profile = cloudProfile(target.cloud).logStore;
      if (profile.kind === 'cloudwatch-logs') {
        expect(audit).toMatchObject({ name: 'cloudwatch_logs', region: target.cluster.region, log_group_name: `/moderation/${target.environment}/audit`, auto_create_group: true, log_retention_days: auditRetentionOf(target) });
        expect(audit.log_group_template).toBeUndefined();
        expect(auditRetentionOf(target)).toBeGreaterThan(store.log_retention_days as number);
      } else {
        expect(audit).toMatchObject({ 'name': 'opensearch', 'host': store.host, 'port': store.port, 'tls.verify': true, 'logstash_prefix': `moderation-audit-${target.environment}`, 'generate_id': true });
        // Outside the logs' indices, which their own ISM policy deletes sooner.
        expect(`${audit.logstash_prefix as string}-2026.11.25`.startsWith(`${store.logstash_prefix as string}-`)).toBe(false);
      }
    });
  });

  it('ships to its cloud\'s log store', () => {
    const store = outputs[0];
    const profile = cloudProfile(target.cloud).logStore;
    expect(outputs).toHaveLength(3);
    if (profile.kind === 'cloudwatch-logs') {
      expect(store).toMatchObject({
        name: 'cloudwatch_logs',
        region: target.cluster.region,
        log_group_template: `/moderation/${target.environment}/$kubernetes['namespace_name']`,
        log_group_name: `/moderation/${target.environment}/unattributed`,
        auto_create_group: true,
        log_retention_days: retentionOf(target),
      });
      // No key and no role to assume: the SDK chain finds the pod's EKS Pod Identity.
      expect(Object.keys(store).filter((k) => /role|key|secret|profile/i.test(k))).toEqual([]);
    } else {
      expect(store).toMatchObject({
        'name': 'opensearch',
        'host': target.logging.destination.host,
        'port': target.logging.destination.port ?? profile.port,
        'tls': true,
        'tls.verify': true,
        'logstash_format': true,
        'logstash_prefix': `moderation-${target.environment}`,
        'suppress_type_name': true,
        'generate_id': true,
      });
      expect(mountOf(store['tls.ca_file'] as string)).toMatchObject({ readOnly: true });
      expect([store.http_user, store.http_passwd]).toEqual(['${OPENSEARCH_USERNAME}', '${OPENSEARCH_PASSWORD}']);
    }
  });
});
