import { z } from 'zod';
import { parseQuantity } from '../../core/quantity';

/** Field types shared by the sections of a target's config. */

/** RFC 1123 label: Kubernetes names, namespaces. */
export const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)');

/** A fully-qualified lowercase DNS name with at least two labels. */
export const hostname = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a fully-qualified lowercase DNS name such as "db.example.com"');

/** A Kubernetes label value. */
export const labelValue = z.string().regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])$/, 'must be a valid Kubernetes label value (at most 63 characters: letters, digits, "-", "_", ".")');

export const port = z.number().int('must be a whole number').min(1, 'must be a port between 1 and 65535').max(65535, 'must be a port between 1 and 65535');

export const cidr = z.cidrv4({ message: 'must be an IPv4 CIDR such as "10.0.0.0/16"' });

export const quantity = z.string().refine((v) => (parseQuantity(v) ?? 0) > 0, 'must be a positive Kubernetes quantity such as "500m", "2", "512Mi" or "4Gi"');

/** An image version: a tag other than `latest`, a digest, or `tag@digest`. */
export const imageVersion = z
  .string()
  .regex(/^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$|^sha256:[a-f0-9]{64}$/, 'must be an image tag (e.g. "2.14.0"), a digest ("sha256:<64 hex>") or "tag@sha256:<64 hex>"')
  .refine((v) => v !== '', 'must not be empty: pin a version tag or a digest')
  .refine((v) => v.split('@')[0] !== 'latest', '"latest" is not a pinned version: use a version tag or a digest');

export const registry = z
  .string()
  .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, 'must be a registry host with an optional path, without tag (e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/moderation")');

/** An AWS region such as "us-east-1". */
export const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as "us-east-1"');

/** An IAM role ARN. */
export const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN such as "arn:aws:iam::123456789012:role/external-secrets"');

/** One field per key, all of the same schema. */
export function objectOf<K extends string, S extends z.ZodType>(keys: readonly K[], schema: (key: K) => S) {
  return z.object(Object.fromEntries(keys.map((k) => [k, schema(k)])) as { [P in K]: S }).strict();
}

/** A plain object (not null, not an array): how rules test raw overlay values before reading them. */
export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A Kubernetes label key: an optional DNS-subdomain prefix and a name (`release`, `example.com/role`). */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A map of Kubernetes labels; a bad key is reported at its own path. */
export const labels = z.record(z.string(), labelValue).superRefine((value, ctx) => {
  for (const key of Object.keys(value).filter((k) => !LABEL_KEY.test(k))) {
    ctx.addIssue({ code: 'custom', path: [key], message: 'must be a Kubernetes label key such as "release" or "example.com/role"' });
  }
});
