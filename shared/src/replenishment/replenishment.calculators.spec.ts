import { allocate, isWeighedUnit } from './allocation.calculator';
import { deriveShippingStatus, takeFromBatches } from './replenishment.lifecycle';
import { suggestQuantity } from './suggestion.calculator';

describe('allocation calculator (缺货分配)', () => {
  const claims = [
    { key: 'a', requested: '7' },
    { key: 'b', requested: '8' },
  ];

  it('covers everyone when there is enough', () => {
    expect(allocate('20', claims, { wholeUnits: true }).map((x) => x.allocated)).toEqual(['7', '8']);
  });

  it('shares proportionally in whole units; the spare unit goes to the largest remainder', () => {
    // 10 × 7/15 = 4.67, 10 × 8/15 = 5.33 → 4 + 5, one left → a (0.67 > 0.33)
    expect(allocate('10', claims, { wholeUnits: true }).map((x) => x.allocated)).toEqual(['5', '5']);
  });

  it('is deterministic on ties and independent of input order', () => {
    const three = [
      { key: 'c', requested: '1' },
      { key: 'a', requested: '1' },
      { key: 'b', requested: '1' },
    ];
    const r = allocate('2', three, { wholeUnits: true });
    expect(Object.fromEntries(r.map((x) => [x.key, x.allocated]))).toEqual({ a: '1', b: '1', c: '0' });
    expect(allocate('2', [...three].reverse(), { wholeUnits: true }).find((x) => x.key === 'c')!.allocated).toBe('0');
  });

  it('serves priority tiers first', () => {
    const r = allocate(
      '10',
      [
        { key: 'a', requested: '7', priority: 2 },
        { key: 'b', requested: '8', priority: 1 },
      ],
      { wholeUnits: true },
    );
    expect(r.map((x) => x.allocated)).toEqual(['2', '8']);
  });

  it('keeps exact decimals for weighed goods and never hands out more than there is', () => {
    const r = allocate(
      '1.000',
      [
        { key: 'a', requested: '1' },
        { key: 'b', requested: '1' },
        { key: 'c', requested: '1' },
      ],
      { wholeUnits: false },
    );
    expect(r.map((x) => x.allocated)).toEqual(['0.334', '0.333', '0.333']);
    expect(allocate('0', claims, { wholeUnits: true }).map((x) => x.allocated)).toEqual(['0', '0']);
  });

  it('knows weighed units', () => {
    expect([isWeighedUnit('kg'), isWeighedUnit('斤'), isWeighedUnit('个'), isWeighedUnit(null)]).toEqual([true, true, false, false]);
  });
});

describe('suggestion calculator (建议要货量)', () => {
  const base = { soldQty: '28', days: 28, onHand: '0', inTransit: '0', onOrder: '0', leadTimeDays: 2, coverDays: 7, wholeUnits: true };

  it('orders up to reorder point + cover days from the velocity', () => {
    // 1/day: reorder point 2, order-up-to 9
    expect(suggestQuantity(base)).toMatchObject({ dailyVelocity: '1', reorderPoint: '2', orderUpTo: '9', suggested: '9' });
  });

  it('counts stock, goods on the way and on order; nothing above the reorder point', () => {
    expect(suggestQuantity({ ...base, onHand: '1', inTransit: '1' }).suggested).toBe('7');
    expect(suggestQuantity({ ...base, onHand: '2', onOrder: '1' }).suggested).toBe('0');
  });

  it('uses min/max and rounds counted goods up, weighed goods to 3 decimals', () => {
    expect(suggestQuantity({ ...base, soldQty: '0', minQty: '20', maxQty: '40' }).suggested).toBe('40');
    // 2.5/day: reorder point 5, order-up-to 22.5
    expect(suggestQuantity({ ...base, soldQty: '10', days: 4 }).suggested).toBe('23');
    expect(suggestQuantity({ ...base, soldQty: '10', days: 4, wholeUnits: false }).suggested).toBe('22.5');
    expect(suggestQuantity({ ...base, soldQty: '10', days: 4, onHand: '0.25', wholeUnits: false }).suggested).toBe('22.25');
  });

  it('suggests nothing without sales or limits', () => {
    expect(suggestQuantity({ ...base, soldQty: '0' }).suggested).toBe('0');
  });
});

describe('lifecycle helpers', () => {
  it('derives the shipping status from the lines', () => {
    const l = (approved: string, shipped: string, cancelled = '0') => ({ approved, shipped, cancelled });
    expect(deriveShippingStatus('partially_approved', [l('8', '0')], 0)).toBe('partially_approved');
    expect(deriveShippingStatus('approved', [l('8', '5')], 1)).toBe('partially_shipped');
    expect(deriveShippingStatus('approved', [l('8', '8')], 1)).toBe('shipped');
    expect(deriveShippingStatus('approved', [l('8', '8')], 0)).toBe('received');
    expect(deriveShippingStatus('approved', [l('8', '5', '3')], 0)).toBe('received');
    expect(deriveShippingStatus('approved', [l('8', '0', '8')], 0)).toBe('cancelled');
  });

  it('splits quantities across batches in order; extra goes to the last batch', () => {
    const pool = [
      { batchNo: 'A', expiryDate: '2027-01-01', quantity: '3' },
      { batchNo: 'B', expiryDate: '2027-02-01', quantity: '2' },
    ];
    expect(takeFromBatches(pool, '4')).toEqual({
      taken: [
        { ...pool[0], quantity: '3' },
        { ...pool[1], quantity: '1' },
      ],
      rest: [{ ...pool[1], quantity: '1' }],
    });
    expect(takeFromBatches(pool, '6').taken).toEqual([
      { ...pool[0], quantity: '3' },
      { ...pool[1], quantity: '3' },
    ]);
    expect(takeFromBatches([], '2').taken).toEqual([]);
  });
});
