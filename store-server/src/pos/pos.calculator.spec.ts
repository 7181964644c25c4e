import { dec } from '@chain-erp/shared';
import { allocate, calculateSale, CalcError, refundLineAmount, roundTotal, settleTenders, splitOverNumbers } from './pos.calculator';

const d = dec;
const line = (quantity: string, unitPrice: string, extra: object = {}) => ({ quantity: d(quantity), unitPrice: d(unitPrice), ...extra });

describe('pos.calculator', () => {
  it('rounds totals by the store rule (抹零)', () => {
    expect(roundTotal(d('12.34'), { unit: '0.01', mode: 'half-up' }).toFixed(2)).toBe('12.34');
    expect(roundTotal(d('12.34'), { unit: '0.1', mode: 'down' }).toFixed(2)).toBe('12.30');
    expect(roundTotal(d('12.35'), { unit: '0.1', mode: 'half-up' }).toFixed(2)).toBe('12.40');
    expect(roundTotal(d('12.01'), { unit: '1', mode: 'up' }).toFixed(2)).toBe('13.00');
    expect(roundTotal(d('12.26'), { unit: '0.5', mode: 'half-up' }).toFixed(2)).toBe('12.50');
  });

  it('allocates to the cent, in proportion, and never loses a cent', () => {
    expect(allocate(d('1.00'), [d(1), d(1), d(1)]).map((x) => x.toFixed(2))).toEqual(['0.34', '0.33', '0.33']);
    expect(allocate(d('-0.05'), [d(3), d(1)]).map((x) => x.toFixed(2))).toEqual(['-0.04', '-0.01']);
    expect(allocate(d('2.00'), [d(0), d(0)]).map((x) => x.toFixed(2))).toEqual(['0.00', '2.00']);
    const parts = allocate(d('10.01'), [d('3.33'), d('3.33'), d('3.35'), d(0)]);
    expect(parts.reduce((a, p) => a.plus(p), d(0)).toFixed(2)).toBe('10.01');
    expect(parts[3].toFixed(2)).toBe('0.00');
  });

  it('prices lines with quantity, fixed label amounts, line and sale discounts, rounding spread over lines', () => {
    const r = calculateSale(
      [line('3', '3.50', { discount: { percent: d(10) } }), line('1.255', '12.00'), line('1', '0', { fixedAmount: d('18.36') }), line('1', '99', { voided: true })],
      { amount: d('1.00') },
      { unit: '0.1', mode: 'down' },
    );
    // 10.50 − 1.05 = 9.45; 1.255 × 12 = 15.06; 18.36 → 42.87 − 1.00 = 41.87 → 41.80
    expect(r.gross.toFixed(2)).toBe('43.92');
    expect(r.discount.toFixed(2)).toBe('2.05');
    expect(r.rounding.toFixed(2)).toBe('-0.07');
    expect(r.total.toFixed(2)).toBe('41.80');
    expect(r.lines.reduce((a, l) => a.plus(l.amount), d(0)).toFixed(2)).toBe('41.80');
    expect(r.lines[3].amount.toFixed(2)).toBe('0.00');
    expect(r.lines[0].discountPercent.toFixed(0)).toBe('10');
  });

  it('refuses a discount larger than the amount', () => {
    expect(() => calculateSale([line('1', '5')], { amount: d('6') }, { unit: '0.01', mode: 'half-up' })).toThrow(CalcError);
    expect(() => calculateSale([line('1', '5', { discount: { amount: d('5.01') } })], null, { unit: '0.01', mode: 'half-up' })).toThrow(CalcError);
  });

  it('settles several tenders: change only from cash, short and card overpay refused', () => {
    const ok = settleTenders(d('33.20'), [
      { tendered: d('20'), allowsChange: false },
      { tendered: d('50'), allowsChange: true },
    ]);
    expect(ok.ok && ok.result.change.toFixed(2)).toBe('36.80');
    expect(ok.ok && ok.result.parts.map((p) => p.amount.toFixed(2))).toEqual(['20.00', '13.20']);
    const short = settleTenders(d('10'), [{ tendered: d('9.99'), allowsChange: true }]);
    expect(short).toMatchObject({ ok: false, kind: 'SHORT' });
    expect(!short.ok && short.missing!.toFixed(2)).toBe('0.01');
    expect(settleTenders(d('10'), [{ tendered: d('11'), allowsChange: false }])).toMatchObject({ ok: false, kind: 'OVERPAID' });
    const exact = settleTenders(d('0'), []);
    expect(exact.ok && exact.result.change.toFixed(2)).toBe('0.00');
  });

  it('pays refunds of a line in pieces that add up to what it cost', () => {
    const l = { quantity: d(3), amount: d('10.00') };
    const first = refundLineAmount(l, { quantity: d(0), amount: d(0) }, d(1));
    const second = refundLineAmount(l, { quantity: d(1), amount: first }, d(1));
    const third = refundLineAmount(l, { quantity: d(2), amount: first.plus(second) }, d(1));
    expect([first, second, third].map((x) => x.toFixed(2))).toEqual(['3.33', '3.33', '3.34']);
  });
});

describe('splitOverNumbers (refunds onto vouchers and gift cards)', () => {
  const paid = [
    { number: 'A', amount: '20.00' },
    { number: 'B', amount: '5.00' },
  ];
  it('fills the numbers in the sale’s order, earlier refunds first, never more than each paid', () => {
    expect(splitOverNumbers(paid, '0', '22.00').map((p) => [p.number, p.amount.toFixed(2)])).toEqual([
      ['A', '20.00'],
      ['B', '2.00'],
    ]);
    expect(splitOverNumbers(paid, '18.00', '4.00').map((p) => [p.number, p.amount.toFixed(2)])).toEqual([
      ['A', '2.00'],
      ['B', '2.00'],
    ]);
    expect(() => splitOverNumbers(paid, '20.00', '5.01')).toThrow('exceeds');
  });
});
