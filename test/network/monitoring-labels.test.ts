/** Every prometheus-operator object carries the target's monitoring labels, or Prometheus ignores it. */
import { validateTarget } from '../../charts/config/validate';
import { TargetConfigError } from '../../charts/config/problems';
import { MONITORING_GROUP } from '../../charts/synthesize';
import { overlayInput } from '../support/overlay';
import { renderedTarget, renderVariant, TARGET_NAMES, targetObjects } from '../support/render';

const monitoringObjects = (objects: ReturnType<typeof targetObjects>) => objects.filter((o) => o.apiVersion.startsWith(`${MONITORING_GROUP}/`));

describe.each(TARGET_NAMES)('%s', (name) => {
  it('labels every PodMonitor, PrometheusRule and AlertmanagerConfig for the selectors of kube-prometheus-stack', () => {
    const objects = monitoringObjects(targetObjects(name));
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(['PodMonitor', 'PrometheusRule', 'AlertmanagerConfig']));
    for (const object of objects) expect(object.metadata.labels).toMatchObject(renderedTarget(name).target.network.monitoringLabels);
  });
});

describe('network.monitoringLabels', () => {
  it('replaces the default on every monitoring object, and on nothing else', () => {
    const { objects } = renderVariant('doks-staging', (i) => (i.network = { ...i.network, monitoringLabels: { 'release': 'prom', 'prometheus.example.com/tenant': 'moderation' } }));
    for (const object of monitoringObjects(objects)) {
      expect(object.metadata.labels?.['prometheus.example.com/tenant']).toBe('moderation');
      expect(object.metadata.labels?.release).toBe('prom');
    }
    expect(objects.filter((o) => o.metadata.labels?.['prometheus.example.com/tenant']).every((o) => o.apiVersion.startsWith(MONITORING_GROUP))).toBe(true);
  });

  it('rejects a key that is no label key, at its own path', () => {
    const input = overlayInput('eks-staging');
    input.network = { ...input.network, monitoringLabels: { 'my label': 'x' } };
    expect(() => validateTarget('eks-staging', input)).toThrow(TargetConfigError);
    try {
      validateTarget('eks-staging', input);
    } catch (error) {
      expect((error as TargetConfigError).problems).toEqual([{ path: 'network.monitoringLabels.my label', message: expect.stringContaining('must be a Kubernetes label key') }]);
    }
  });
});
