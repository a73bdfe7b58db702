import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Target } from '../config/target';
import { appLabels, PART_OF, PLATFORM_VERSION } from './labels';

export interface PlatformChartProps {
  readonly target: Target;
  /** `app.kubernetes.io/component` of the chart's objects that do not set their own. */
  readonly component: string;
  /** Output folder inside `dist/<target>/`, with its own kustomization. @default '' (the target's root) */
  readonly folder?: string;
}

/**
 * A chart of the platform: one YAML file in dist/<target>/, named after the chart's id. Every
 * object in it gets the recommended and ownership labels; objects of one application (a workload)
 * override name, instance, component and version with their own.
 */
export class PlatformChart extends Chart {
  readonly target: Target;
  /** Output folder inside `dist/<target>/`; '' is the target's root. */
  readonly folder: string;

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, {
      disableResourceNameHashes: true,
      labels: appLabels(props.target, { name: PART_OF, component: props.component, version: PLATFORM_VERSION }),
    });
    this.target = props.target;
    this.folder = props.folder ?? '';
  }
}
