import { TargetConfigError } from '../config/problems';
import type { RenderedTarget } from '../synthesize';
import { estimateTarget } from './estimate';
import { MissingPriceError, priceData } from './prices';
import { costObjects } from './rendered';

const BUDGET_FIELD = 'infra.budget.monthlyUsd';
const usd = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;

/** What synthesis reports about the targets' budgets: one-line warnings, and the targets that fail. */
export interface BudgetCheck {
  readonly warnings: readonly string[];
  readonly errors: readonly TargetConfigError[];
}

/**
 * Compares each rendered target's maximum-scale estimate with its `infra.budget.monthlyUsd`: over
 * budget is a warning, or an error (a config problem at `infra.budget.monthlyUsd`) when the target
 * sets `onOverrun: 'fail'`. A target whose sizes have no price is reported the same way: its budget
 * cannot be checked.
 */
export function checkBudgets(rendered: readonly RenderedTarget[], now: Date = new Date()): BudgetCheck {
  const warnings: string[] = [];
  const errors: TargetConfigError[] = [];
  for (const { target, files } of rendered) {
    const { onOverrun } = target.infra.budget;
    let message: string | undefined;
    try {
      const estimate = estimateTarget(target, costObjects(files), priceData(), now);
      if (estimate.budget.over) {
        message = `the estimate at maximum scale, ${usd(estimate.total.max)} a month, is above the budget of ${usd(estimate.budget.monthlyUsd)} by ${usd(-estimate.budget.headroom)} (npm run cost -- --target ${target.name})`;
      }
    } catch (error) {
      if (!(error instanceof MissingPriceError)) throw error;
      message = `cannot be checked: ${error.message}`;
    }
    if (message === undefined) continue;
    if (onOverrun === 'fail') errors.push(new TargetConfigError(target.name, [{ path: BUDGET_FIELD, message }]));
    else warnings.push(`warning: target "${target.name}" ${BUDGET_FIELD}: ${message}`);
  }
  return { warnings, errors };
}
