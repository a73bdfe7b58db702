import { z } from 'zod';

/**
 * Config of the scaling feature: the signals KEDA scales two services on. The worker's work is a
 * Kafka backlog, so it scales on its consumer group's lag; ml-inference saturates on concurrent
 * requests, so it scales on requests in flight per pod. web and moderation-api keep their CPU HPA.
 */

const positiveInt = z.number().int('must be a whole number').min(1, 'must be at least 1');

const worker = z
  .object({
    /** The topic the worker consumes; KEDA reads the lag of this topic only. */
    topic: z.string().min(1).default('moderation.content-submitted'),
    consumerGroup: z.string().min(1).default('moderation-worker'),
    /** The topic's partition count: consumers beyond it sit idle, so it caps the worker's replicas. */
    partitions: positiveInt.default(12),
    /** Messages of lag per replica: the autoscaler aims at `lag / lagThreshold` replicas. */
    lagThreshold: positiveInt.default(100),
    /** Lag above which the scaler counts as active (below it, KEDA holds the minimum). */
    activationLagThreshold: z.number().int().min(0).default(10),
    /** Replicas while the lag cannot be read. @default the worker's replicas.max: drain a backlog rather than stall */
    fallbackReplicas: positiveInt.optional(),
  })
  .strict()
  .prefault({});

const inference = z
  .object({
    /** Prometheus that scrapes ml-inference (prometheus-operator's `prometheus-operated` Service). */
    prometheusUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('http://prometheus-operated.monitoring.svc.cluster.local:9090'),
    /** The gauge of requests being served, exported by ml-inference. */
    inFlightMetric: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name').default('inference_requests_in_flight'),
    /** Requests in flight per pod the autoscaler aims at. */
    inFlightPerPod: positiveInt.default(4),
    /** Requests in flight above which the scaler counts as active. */
    activationInFlight: z.number().int().min(0).default(1),
  })
  .strict()
  .prefault({});

export const scalingConfig = {
  scaling: z.object({ worker, inference }).strict().prefault({}),
};
