import { shipmentCharge, transferAmount, varianceCharge } from './transfer-price.calculator';

describe('transfer price calculator (调拨结算价)', () => {
  it('cost plus markup, to the cent, line by line', () => {
    expect(transferAmount('3', '3.25', '0').toFixed(2)).toBe('9.75');
    expect(transferAmount('3', '3.25', '5').toFixed(2)).toBe('10.24'); // 10.2375
    expect(transferAmount('1.5', '4.123456', '12.5').toFixed(2)).toBe('6.96'); // 6.958332
    const s = shipmentCharge(
      [
        { quantity: '5', unitCost: '3.25' },
        { quantity: '3', unitCost: '3.25' },
        { quantity: '6', unitCost: null },
      ],
      '5',
    );
    expect([s.cost.toFixed(2), s.amount.toFixed(2)]).toEqual(['26.00', '27.30']); // 17.0625 → 17.06, 10.2375 → 10.24, no cost → 0
  });

  it('shortages and damages lower what the store owes, overs raise it', () => {
    const v = varianceCharge(
      [
        { shortQty: '1', damagedQty: '0', overQty: '0', unitCost: '3.25' },
        { shortQty: '0', damagedQty: '1', overQty: '1', unitCost: '4.25' },
      ],
      '10',
    );
    expect([v.short, v.damaged, v.over, v.amount].map((d) => d.toFixed(2))).toEqual(['3.58', '4.68', '4.68', '-3.58']);
  });
});
