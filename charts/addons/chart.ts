import type { Construct } from 'constructs';
import { ARGOCD_NAMES } from '../gitops/argocd';
import { FOLDERS } from '../gitops/folders';
import { gitopsSettings } from '../gitops/schema';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { AddOnApplication } from './application';
import { addOnsOf, type AddOn } from './catalog';
import { addOnSettings } from './schema';

/**
 * The cluster add-ons of a target, in `dist/<target>/bootstrap/addons.yaml`: one Application per
 * add-on, delivered by the platform's AppProject. The root Application syncs them in their waves.
 */
export class AddOnsChart extends PlatformChart {
  /** The target's add-ons: the platform project allows their chart repositories, namespaces and cluster-scoped kinds. */
  readonly addOns: readonly AddOn[];

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'addons', folder: FOLDERS.bootstrap });
    this.addOns = addOnsOf({ target, cloud, settings: addOnSettings(target) });
    const gitops = gitopsSettings(target);
    for (const addOn of this.addOns) new AddOnApplication(this, addOn.id, { target, gitops, addOn, project: ARGOCD_NAMES.platform(target) });
  }
}
