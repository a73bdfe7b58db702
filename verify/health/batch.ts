/** The `batch` group: Job is a gitops-engine built-in; CronJob is Argo CD's `batch/CronJob/health.lua`. */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type GroupHealthChecks, TRUE, arrayOf, conditionsOf, health, isPresent, requireVersion } from './shared';

/**
 * gitops-engine health_job.go: Failed, Complete or Suspended conditions end the wait; Failed wins, then a
 * suspension (whose message, as upstream, is the failure message: empty).
 */
function jobHealth(object: KubeObject): HealthStatus {
  requireVersion(object, 'Job', ['v1']);
  let complete = false;
  let failed = false;
  let suspended = false;
  let message = '';
  let failMessage = '';
  for (const condition of conditionsOf(object.status?.conditions)) {
    if (condition.type === 'Failed') {
      failed = complete = true;
      failMessage = condition.message ?? '';
    } else if (condition.type === 'Complete') {
      complete = true;
      message = condition.message ?? '';
    } else if (condition.type === 'Suspended') {
      complete = true;
      message = condition.message ?? '';
      suspended = condition.status === TRUE;
    }
  }
  if (!complete) return health('Progressing', message);
  if (failed) return health('Degraded', failMessage);
  if (suspended) return health('Suspended', failMessage);
  return health('Healthy', message);
}

/**
 * batch/CronJob/health.lua. A suspended CronJob is Healthy, not Suspended (upstream works around
 * argo-cd#24428); only a last run that ended without success and with nothing running is Degraded. The
 * times are compared as strings, as the script does (RFC 3339 in UTC sorts as time).
 */
function cronJobHealth(object: KubeObject): HealthStatus {
  if (object.spec?.suspend === true) return health('Healthy', 'CronJob is Suspended');
  const status = object.status;
  if (!isPresent(status)) return health('Progressing', 'Waiting for CronJob');
  if (!isPresent(status.lastScheduleTime)) return health('Healthy', 'CronJob has not been scheduled yet');
  if (!isPresent(status.lastSuccessfulTime)) return health('Healthy', 'The CronJob never completed successfully. It may not be healthy');
  if (arrayOf(status.active).length > 0) return health('Healthy', 'The job is running. Its last execution may not have been successful');
  if (status.lastSuccessfulTime < status.lastScheduleTime) return health('Degraded', 'CronJob has not completed its last execution successfully');
  return health('Healthy', 'CronJob has completed its last execution successfully');
}

export const BATCH: GroupHealthChecks = {
  groups: ['batch'],
  kinds: { Job: jobHealth, CronJob: cronJobHealth },
};
