import { dec } from '../common/money';
import { applyMovement, type CostState } from './cost.calculator';

const start: CostState = { qty: dec(0), avgCost: dec(0), value: dec(0) };
const run = (steps: Array<[string, string?]>) =>
  steps.reduce<{ state: CostState; amounts: string[] }>(
    (acc, [q, cost]) => {
      const s = applyMovement(acc.state, dec(q), cost === undefined ? null : dec(cost));
      return { state: s.state, amounts: [...acc.amounts, s.amount.toString()] };
    },
    { state: start, amounts: [] },
  );
const show = (s: CostState) => ({ qty: s.qty.toString(), avgCost: s.avgCost.toString(), value: s.value.toString() });

describe('moving-average cost calculator', () => {
  it('matches hand-computed values', () => {
    // 10 @ 10 = 100; 5 @ 13 = 65 → 15 @ 11; −3 @ 11 → 12, 132; 2 @ 12.5 → 14, 157, avg 11.214286
    const r = run([['10', '10'], ['5', '13'], ['-3'], ['2', '12.5']]);
    expect(show(r.state)).toEqual({ qty: '14', avgCost: '11.214286', value: '157' });
    expect(r.amounts).toEqual(['100', '65', '-33', '25']);
  });

  it('the last unit out takes the rounding residue, so value ends at exactly 0', () => {
    // 3 @ 1/3-ish: 1 @ 1, 2 @ 1.5 → avg 1.333333; out 1, 1, 1
    const r = run([['1', '1'], ['2', '1.5'], ['-1'], ['-1'], ['-1']]);
    expect(r.amounts).toEqual(['1', '3', '-1.333333', '-1.333333', '-1.333334']);
    expect(show(r.state)).toEqual({ qty: '0', avgCost: '1.333333', value: '0' });
  });

  it('weighed goods with 3 decimals', () => {
    const r = run([['1.255', '19.9'], ['0.745', '21.5'], ['-0.5']]);
    // 24.9745 + 16.0175 = 40.992 over 2 kg → 20.496; out 0.5 → 10.248
    expect(show(r.state)).toEqual({ qty: '1.5', avgCost: '20.496', value: '30.744' });
  });

  it('negative stock: outbound at the last average, the shortage settled at the next inbound cost', () => {
    const r = run([['2', '5'], ['-5'], ['10', '6']]);
    expect(r.amounts).toEqual(['10', '-25', '57']); // −5 × 5 leaves −3 worth −15; +10 → 7 × 6 = 42
    expect(show(r.state)).toEqual({ qty: '7', avgCost: '6', value: '42' });
  });

  it('inbound without a cost comes in at the current average', () => {
    const r = run([['4', '2.5'], ['1']]);
    expect(show(r.state)).toEqual({ qty: '5', avgCost: '2.5', value: '12.5' });
  });

  it('refuses a zero movement', () => {
    expect(() => applyMovement(start, dec(0))).toThrow();
  });
});
