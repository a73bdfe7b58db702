/**
 * What a load test script reads: `plan.json`, mounted beside it from the test's ConfigMap. The
 * chart writes it (./thresholds.ts, ./scenarios.ts), the k6 script in loadtests/ imports this type.
 * The file imports nothing: the scripts' own type-check (loadtests/tsconfig.json) compiles it with
 * k6's types only, and k6 drops the type-only import when it runs the script.
 */

/** How one kind of traffic arrives: a k6 arrival-rate scenario, rates per minute. */
export type Arrivals =
  | { readonly executor: 'constant-arrival-rate'; readonly rate: number; readonly timeUnit: '1m'; readonly duration: string; readonly preAllocatedVUs: number; readonly maxVUs: number }
  | {
      readonly executor: 'ramping-arrival-rate';
      readonly startRate: number;
      readonly timeUnit: '1m';
      readonly stages: readonly { readonly target: number; readonly duration: string }[];
      readonly preAllocatedVUs: number;
      readonly maxVUs: number;
    };

/** A public API request of the mix. */
export interface PlannedApiRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly weight: number;
}

/** An objective the test cannot measure from outside, and where to watch it during a run. */
export interface UnmeasuredObjective {
  readonly id: string;
  readonly watch: string;
}

export interface LoadtestPlan {
  readonly target: string;
  readonly scenario: string;
  /** Sent as `User-Agent` on every request, so access logs and dashboards can tell the test apart. */
  readonly userAgent: string;
  /**
   * The web app: `https://<app host>`, the service its routes reach (the `service` tag of its
   * requests, which its thresholds filter on), its pages, and the prefix of the static assets a page
   * view also fetches.
   */
  readonly web: { readonly baseUrl: string; readonly service: string; readonly pages: readonly string[]; readonly staticPrefix: string; readonly arrivals: Arrivals };
  /** The public API, where the target exposes it; `tokenEnv` names the variable holding its bearer token, if any. */
  readonly api?: { readonly baseUrl: string; readonly service: string; readonly requests: readonly PlannedApiRequest[]; readonly arrivals: Arrivals; readonly tokenEnv?: string };
  /** k6 thresholds: the SLO table's objectives for this target, plus the guards that keep a run honest. */
  readonly thresholds: Readonly<Record<string, readonly string[]>>;
  readonly unmeasured: readonly UnmeasuredObjective[];
}
