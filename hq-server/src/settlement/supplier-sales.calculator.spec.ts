import { concessionLines, consignmentLines, settlementTotals } from './supplier-sales.calculator';

const fmt = (lines: ReturnType<typeof consignmentLines>) =>
  lines.map((l) => [l.productId, l.storeId, l.quantity.toString(), l.salesAmount.toFixed(2), l.commissionAmount.toFixed(2), l.payableAmount.toFixed(2)]);

describe('consignment and concession payables (代销 / 联营)', () => {
  const sold = [
    { productId: 'p1', storeId: 's1', quantity: '3', salesAmount: '29.70' },
    { productId: 'p1', storeId: 's2', quantity: '1.5', salesAmount: '14.85' },
    { productId: 'p2', storeId: null, quantity: '10', salesAmount: '120' },
  ];

  it('代销: net quantity sold × the settlement price, per product and seller', () => {
    const lines = consignmentLines(
      sold,
      new Map([
        ['p1', '6.1234'],
        ['p2', '8'],
      ]),
    );
    expect(fmt(lines)).toEqual([
      ['p1', 's1', '3', '29.70', '0.00', '18.37'], // 18.3702
      ['p1', 's2', '1.5', '14.85', '0.00', '9.19'], // 9.1851
      ['p2', null, '10', '120.00', '0.00', '80.00'],
    ]);
    expect(settlementTotals(lines).payableAmount.toFixed(2)).toBe('107.56');
  });

  it('代销 supplement: only what was sold since the earlier settlement of the period, refunds can make it negative', () => {
    const settled = [
      { productId: 'p1', storeId: 's1', quantity: '2', salesAmount: '19.80', commissionAmount: '0', payableAmount: '12.25' },
      { productId: 'p3', storeId: 's1', quantity: '1', salesAmount: '5', commissionAmount: '0', payableAmount: '3' },
    ];
    const lines = consignmentLines(
      [{ productId: 'p1', storeId: 's1', quantity: '3', salesAmount: '29.70' }],
      new Map([
        ['p1', '6'],
        ['p3', '3'],
      ]),
      settled,
    );
    expect(fmt(lines)).toEqual([
      ['p1', 's1', '1', '9.90', '0.00', '6.00'],
      ['p3', 's1', '-1', '-5.00', '0.00', '-3.00'], // sold and settled, then refunded
    ]);
    expect(consignmentLines([{ productId: 'p1', storeId: 's1', quantity: '2', salesAmount: '19.80' }], new Map([['p1', '6']]), settled.slice(0, 1))).toEqual([]);
  });

  it('联营: sales minus the commission (to the cent)', () => {
    const lines = concessionLines(sold, '18');
    expect(fmt(lines)).toEqual([
      ['p1', 's1', '3', '29.70', '5.35', '24.35'], // 5.346
      ['p1', 's2', '1.5', '14.85', '2.67', '12.18'], // 2.673
      ['p2', null, '10', '120.00', '21.60', '98.40'],
    ]);
  });

  it('联营 in two parts costs exactly what one settlement would', () => {
    const first = concessionLines([{ productId: 'p1', storeId: 's1', quantity: '1', salesAmount: '0.05' }], '50');
    expect(fmt(first)).toEqual([['p1', 's1', '1', '0.05', '0.03', '0.02']]);
    const settled = first.map((l) => ({
      ...l,
      quantity: l.quantity.toString(),
      salesAmount: l.salesAmount.toString(),
      commissionAmount: l.commissionAmount.toString(),
      payableAmount: l.payableAmount.toString(),
    }));
    const second = concessionLines([{ productId: 'p1', storeId: 's1', quantity: '2', salesAmount: '0.10' }], '50', settled);
    expect(fmt(second)).toEqual([['p1', 's1', '1', '0.05', '0.02', '0.03']]);
    expect(fmt(concessionLines([{ productId: 'p1', storeId: 's1', quantity: '2', salesAmount: '0.10' }], '50'))).toEqual([['p1', 's1', '2', '0.10', '0.05', '0.05']]);
  });
});
