import { dec, Dec } from '../common/money';

/** Moving-average state of one warehouse × product. */
export interface CostState {
  qty: Dec;
  avgCost: Dec;
  value: Dec;
}

export interface CostStep {
  state: CostState;
  /** unit cost the movement was valued at */
  unitCost: Dec;
  /** signed delta × cost, rounded to 6 places; Σ amount over the ledger = state.value */
  amount: Dec;
}

const COST_DP = 6;
const round = (v: Dec) => v.toDecimalPlaces(COST_DP, Dec.ROUND_HALF_UP);

/**
 * Moving-average cost (移动加权平均), pure so it is unit-tested by hand-computed values:
 * - inbound at the given cost (or the current average when none is given): value += q × cost,
 *   avg = value / qty. When stock was zero or negative before, the inbound cost becomes the
 *   average and the value is re-stated as qty × cost (the shortage is settled at the new cost).
 * - outbound at the current average; when stock reaches exactly zero the remaining value leaves
 *   with it, so value never keeps a rounding residue.
 */
export function applyMovement(state: CostState, delta: Dec, inboundCost?: Dec | null): CostStep {
  if (delta.isZero()) throw new Error('zero movement');
  const qty = state.qty.plus(delta);
  if (delta.gt(0)) {
    const unitCost = round(inboundCost ?? state.avgCost);
    if (!state.qty.gt(0)) {
      // stock was zero or negative: the shortage is settled at this inbound's cost
      const value = round(qty.times(unitCost));
      return { state: { qty, avgCost: unitCost, value }, unitCost, amount: value.minus(state.value) };
    }
    const value = state.value.plus(round(delta.times(unitCost)));
    return { state: { qty, avgCost: round(value.div(qty)), value }, unitCost, amount: value.minus(state.value) };
  }
  const unitCost = state.avgCost;
  let amount = qty.isZero() ? state.value.negated() : round(delta.times(unitCost));
  // the rounded average can exceed value/qty by a hair: never take out more value than there is
  if (qty.gt(0) && state.value.gt(0) && amount.abs().greaterThan(state.value)) amount = state.value.negated();
  return { state: { qty, avgCost: state.avgCost, value: state.value.plus(amount) }, unitCost, amount };
}

export function costState(row: { qty: string; avgCost?: string; avg_cost?: string; value: string }): CostState {
  return { qty: dec(row.qty), avgCost: dec(row.avgCost ?? row.avg_cost), value: dec(row.value) };
}
