import type { Rule } from '../config/rules';
import { PRODUCTION_MIN_REPLICAS } from '../workloads/defaults';
import { checkFlagText, readFlagFile } from './flag-file';
import { flagFileOf, flagsSchema } from './schema';

/**
 * The target's flag file exists and flagd would load it as intended (./flag-file.ts): each mistake is
 * reported at `flags.file`, naming the file, the JSON path in it and the reason, so a broken flag
 * change fails synthesis and CI instead of reaching flagd. Production runs at least two flagd pods.
 */
export const flagsRules: Rule = (input, report) => {
  const parsed = flagsSchema.safeParse(input.flags);
  if (!parsed.success || typeof input.name !== 'string') return;
  const settings = parsed.data;
  if (input.environment === 'production' && settings.replicas < PRODUCTION_MIN_REPLICAS) {
    report('flags.replicas', `${settings.replicas} is below ${PRODUCTION_MIN_REPLICAS}: production runs at least ${PRODUCTION_MIN_REPLICAS} flagd pods, so draining a node leaves the services their flags`);
  }
  const file = flagFileOf({ name: input.name, flags: settings });
  const read = readFlagFile(file);
  if ('missing' in read) {
    report('flags.file', read.missing);
    return;
  }
  for (const problem of checkFlagText(read.text)) report('flags.file', `${file} ${problem.at}: ${problem.message}`);
};
