import { addons } from './addons';
import { alertRouting } from './alert-routing';
import { alerting } from './alerting';
import { backups } from './backups';
import { dashboards } from './dashboards';
import { disasterRecovery } from './disaster-recovery';
import { edge } from './edge';
import { flags } from './flags';
import { gitops } from './gitops';
import { infra } from './infra';
import { loadtests } from './loadtests';
import { logging } from './logging';
import { migrations } from './migrations';
import { network } from './network';
import { pooler } from './pooler';
import { rollouts } from './rollouts';
import { scaling } from './scaling';
import { secrets } from './secrets';
import { verifierRbac } from './verifier-rbac';
import { workloads } from './workloads';

/**
 * Every feature of the platform, once, in apply order: each adds its config sections to the target
 * schema, its rules to validation and its charts to every target (`dist/<target>/<chart>.yaml`).
 * To add a feature, add its folder (schema, rules, constructs, chart, index.ts) and one line here.
 * The verifier's RBAC comes after the features it grants read access to; the Argo CD delivery after them; the cloud estate,
 * which renders for the management cluster rather than the target's (charts/infra), at the end; then
 * disaster recovery, which renders nothing itself: the features above ask it whether the target is a standby.
 */
export const FEATURES = [network, secrets, workloads, scaling, pooler, flags, edge, rollouts, logging, migrations, backups, alertRouting, alerting, dashboards, loadtests, verifierRbac, addons, gitops, infra, disasterRecovery] as const;
