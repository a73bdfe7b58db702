import { z } from 'zod';
import { cidr, dnsLabel } from '../config/primitives';

/** The load tests of a target, one folder each under `dist/<target>/loadtests/`, in this order. */
export const SCENARIO_NAMES = ['steady', 'spike', 'soak'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The most runner pods a test may split over: each is a k6 process with its own share of the arrival rate. */
export const MAX_PARALLELISM = 20;

const perSecond = (what: string) =>
  z
    .number({ message: `must be a number of ${what} per second` })
    .positive('must be greater than 0')
    .max(10000, 'must be at most 10000 per second: a larger test needs its own load-generation cluster, not runners beside the platform');

/** A public API request of the test's mix. */
const apiRequest = z
  .object({
    /** GET reads; POST submits synthetic content (the platform moderates it like any other). */
    method: z.enum(['GET', 'POST']),
    /** A path under the public API prefix, e.g. "/api/v1/decisions". */
    path: z.string().regex(/^\/api\/v1(\/[A-Za-z0-9._~-]+)+$/, 'must be a path under /api/v1 such as "/api/v1/decisions"'),
    /** Share of the API's arrivals, relative to the other requests' weights. */
    weight: z.number().int('must be a whole number').min(1, 'must be at least 1'),
  })
  .strict();

/**
 * The `loadtests` section of a target: the k6 load tests (docs/features/loadtests.md) rendered into
 * `dist/<target>/loadtests/<scenario>/`, which a person applies to start one. Every field has a
 * default; `edgeAddresses` is required where they are enabled (./rules.ts).
 */
export const loadtestsConfig = {
  loadtests: z
    .object({
      /**
       * Whether the target renders its load tests. Production's are off unless set here: a test
       * against production loads the platform its users are on. @default true on staging, false on production
       */
      enabled: z.boolean().optional(),
      /**
       * The expected peak the steady test holds, the spike starts from and the soak takes a fraction
       * of: page views of the web app (each fetches the page and its static assets) and public API
       * requests, per second.
       */
      peak: z
        .object({
          /** Web app page views per second. @default 20 */
          web: perSecond('page views').default(20),
          /** Public API requests per second (on targets whose API is public). @default 30 */
          api: perSecond('requests').default(30),
        })
        .strict()
        .prefault({}),
      /** The steady test: the peak, held. */
      steady: z
        .object({
          /** Minutes at the peak. @default 15 */
          minutes: z.number().int('must be a whole number of minutes').min(5, 'must be at least 5 minutes: autoscalers and caches settle in the first few').max(120, 'must be at most 120 minutes: a longer test is the soak').default(15),
        })
        .strict()
        .prefault({}),
      /** The spike: from the peak to a multiple of it in one minute, held, and back. */
      spike: z
        .object({
          /** The spike's height, as a multiple of the peak. @default 3 */
          multiple: z.number().min(1.5, 'must be at least 1.5: a smaller step is the steady test').max(10, 'must be at most 10').default(3),
          /** Minutes held at the top. @default 5 */
          holdMinutes: z.number().int('must be a whole number of minutes').min(1, 'must be at least 1 minute').max(30, 'must be at most 30 minutes').default(5),
        })
        .strict()
        .prefault({}),
      /** The soak: a fraction of the peak for hours, for leaks, pool exhaustion and slow drifts. */
      soak: z
        .object({
          /** Hours the soak lasts. @default 4 */
          hours: z.number().int('must be a whole number of hours').min(1, 'must be at least 1 hour').max(24, 'must be at most 24 hours').default(4),
          /** The share of the peak it holds. @default 0.6 */
          fraction: z.number().positive('must be greater than 0').max(1, 'must be at most 1: above the peak is the spike').default(0.6),
        })
        .strict()
        .prefault({}),
      /** Runner pods each test splits its load over (k6-operator `parallelism`). @default 2 */
      parallelism: z.number().int('must be a whole number of runners').min(1, 'must be at least 1').max(MAX_PARALLELISM, `must be at most ${MAX_PARALLELISM}`).default(2),
      /** Web app pages each page view fetches one of, at random. @default ["/"] */
      pages: z
        .array(z.string().regex(/^\/([A-Za-z0-9._~-]+\/?)*$/, 'must be an absolute path such as "/" or "/queue"'))
        .min(1, 'must list at least one page')
        .default(['/']),
      /**
       * The public API's request mix, by weight. Writes submit synthetic content marked as a load
       * test. @default GET /api/v1/decisions (weight 4), POST /api/v1/moderate (weight 1)
       */
      apiRequests: z
        .array(apiRequest)
        .min(1, 'must list at least one request')
        .default([
          { method: 'GET', path: '/api/v1/decisions', weight: 4 },
          { method: 'POST', path: '/api/v1/moderate', weight: 1 },
        ]),
      /**
       * A Secret in the target's namespace, created by hand or synced, whose key `token` the runners
       * send as `Authorization: Bearer` on API requests. @default none: API requests are anonymous
       */
      apiTokenSecret: dnsLabel.optional(),
      /**
       * The public addresses of the edge's load balancer (what the app and API hosts resolve to,
       * `dig +short <host>`): the only destination runners may reach, on 443. Required where load
       * tests are enabled.
       */
      edgeAddresses: z.array(cidr).optional(),
      /** Namespace of the k6-operator, whose controller polls the runners' REST API. @default "k6-operator-system" */
      operatorNamespace: dnsLabel.default('k6-operator-system'),
    })
    .strict()
    .prefault({}),
};

export type LoadtestsConfig = z.output<(typeof loadtestsConfig)['loadtests']>;

/** Whether a target renders its load tests: `loadtests.enabled`, else on staging only. */
export function loadtestsEnabled(target: { readonly environment: string; readonly loadtests: Pick<LoadtestsConfig, 'enabled'> }): boolean {
  return target.loadtests.enabled ?? target.environment === 'staging';
}
