/** One thing wrong with a target's config. */
export interface Problem {
  /** Dotted path of the field in the overlay, e.g. `services.web.replicas.max`. */
  readonly path: string;
  readonly message: string;
}

/**
 * A target's config is invalid. The message names the target and lists every problem found, one
 * per line, so a single run shows everything there is to fix.
 */
export class TargetConfigError extends Error {
  constructor(
    readonly target: string,
    readonly problems: readonly Problem[],
  ) {
    super(
      `target "${target}" has ${problems.length} config problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`).join('\n'),
    );
    this.name = 'TargetConfigError';
  }
}

/** Formats a zod issue path (`['services', 'web', 'replicas', 'max']`) as a dotted path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}
