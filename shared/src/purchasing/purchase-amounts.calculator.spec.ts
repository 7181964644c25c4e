import { documentTotals, lineAmounts, receivableLimit, requiredApprovals } from './purchase-amounts.calculator';

describe('purchase amounts calculator', () => {
  it('splits a tax-inclusive amount into tax and net exactly (hand-computed)', () => {
    // 12 × 11.30 = 135.60; tax = 135.60 × 13 / 113 = 15.60; net 120.00; unit cost 11.30 / 1.13 = 10
    const a = lineAmounts({ quantity: '12', unitPrice: '11.30', taxRate: '13' });
    expect([a.amount.toFixed(2), a.taxAmount.toFixed(2), a.netAmount.toFixed(2), a.unitCost.toString()]).toEqual(['135.60', '15.60', '120.00', '10']);
  });

  it('rounds half-up to cents and never uses binary floating point', () => {
    // 3 × 0.1 + tax 0: 0.30 (not 0.30000000000000004)
    expect(lineAmounts({ quantity: '3', unitPrice: '0.1', taxRate: '0' }).amount.toFixed(2)).toBe('0.30');
    // 1.005 → 1.01 (half-up); tax 9%: 1.01 × 9 / 109 = 0.08339… → 0.08
    const a = lineAmounts({ quantity: '1', unitPrice: '1.005', taxRate: '9' });
    expect([a.amount.toFixed(2), a.taxAmount.toFixed(2), a.netAmount.toFixed(2)]).toEqual(['1.01', '0.08', '0.93']);
    // weighed goods: 2.345 kg × 7.99 = 18.73655 → 18.74
    expect(lineAmounts({ quantity: '2.345', unitPrice: '7.99', taxRate: '0' }).amount.toFixed(2)).toBe('18.74');
    // unit cost keeps 6 places: 10 / 1.13 = 8.849557522… → 8.849558
    expect(lineAmounts({ quantity: '1', unitPrice: '10', taxRate: '13' }).unitCost.toString()).toBe('8.849558');
  });

  it('takes back with negative quantities symmetrically (corrections)', () => {
    const a = lineAmounts({ quantity: '-12', unitPrice: '11.30', taxRate: '13' });
    expect([a.amount.toFixed(2), a.taxAmount.toFixed(2), a.unitCost.toString()]).toEqual(['-135.60', '-15.60', '10']);
  });

  it('adds document totals', () => {
    const l1 = lineAmounts({ quantity: '12', unitPrice: '11.30', taxRate: '13' });
    const l2 = lineAmounts({ quantity: '5', unitPrice: '2', taxRate: '0' });
    const t = documentTotals([
      { quantity: '12', ...l1 },
      { quantity: '5', ...l2 },
    ]);
    expect([t.totalQty.toString(), t.totalAmount.toFixed(2), t.totalTax.toFixed(2), t.totalNet.toFixed(2)]).toEqual(['17', '145.60', '15.60', '130.00']);
  });

  it('counts approval levels by thresholds (strictly above)', () => {
    expect(requiredApprovals('9999.99', ['10000'])).toBe(1);
    expect(requiredApprovals('10000', ['10000'])).toBe(1);
    expect(requiredApprovals('10000.01', ['10000'])).toBe(2);
    expect(requiredApprovals('60000', ['10000', '50000'])).toBe(3);
    expect(requiredApprovals('60000', [])).toBe(1);
  });

  it('computes what may still be received within tolerance', () => {
    expect(receivableLimit('100', '60', '5').toString()).toBe('45');
    expect(receivableLimit('100', '0', '0').toString()).toBe('100');
    expect(receivableLimit('3', '0', '10').toString()).toBe('3.3');
    expect(receivableLimit('100', '110', '5').toString()).toBe('-5');
  });
});
