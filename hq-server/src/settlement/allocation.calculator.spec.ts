import { autoAllocate, checkAllocations, type OpenDebit } from './allocation.calculator';

describe('allocation calculator (核销)', () => {
  const debits: OpenDebit[] = [
    { id: 'late', open: '40', docDate: '2026-11-20', dueDate: '2026-12-20', docNo: 'WSD-3' },
    { id: 'old', open: '100.50', docDate: '2026-10-01', dueDate: '2026-10-31', docNo: 'WSD-1' },
    { id: 'same-day-b', open: '10', docDate: '2026-11-01', dueDate: '2026-12-01', docNo: 'WSD-2b' },
    { id: 'same-day-a', open: '10', docDate: '2026-11-01', dueDate: '2026-12-01', docNo: 'WSD-2a' },
  ];

  it('pays the oldest due first, partly the last one reached', () => {
    expect(autoAllocate('115.5', debits)).toEqual([
      { itemId: 'old', amount: '100.50' },
      { itemId: 'same-day-a', amount: '10.00' },
      { itemId: 'same-day-b', amount: '5.00' },
    ]);
  });

  it('never allocates more than is open in total; a surplus stays unallocated (an advance)', () => {
    const all = autoAllocate('1000', debits);
    expect(all.map((a) => a.amount)).toEqual(['100.50', '10.00', '10.00', '40.00']);
    expect(autoAllocate('0', debits)).toEqual([]);
  });

  it('accepts explicit allocations within each item and the credit', () => {
    const open = new Map([
      ['a', '100'],
      ['b', '50'],
    ]);
    expect(
      checkAllocations(
        '120',
        [
          { itemId: 'a', amount: '100' },
          { itemId: 'b', amount: '20' },
        ],
        open,
      ),
    ).toEqual([]);
  });

  it('refuses over-allocation of an item, of the credit, unknown items, repeats and fractions of a cent', () => {
    const open = new Map([
      ['a', '100'],
      ['b', '50'],
    ]);
    expect(checkAllocations('500', [{ itemId: 'a', amount: '100.01' }], open)).toEqual([{ kind: 'item', index: 0, message: 'only 100.00 is still open on it' }]);
    expect(
      checkAllocations(
        '120',
        [
          { itemId: 'a', amount: '100' },
          { itemId: 'b', amount: '30' },
        ],
        open,
      ),
    ).toEqual([{ kind: 'total', index: null, message: '130.00 allocated but only 120.00 is available' }]);
    expect(
      checkAllocations(
        '500',
        [
          { itemId: 'x', amount: '1' },
          { itemId: 'a', amount: '1' },
          { itemId: 'a', amount: '1' },
          { itemId: 'b', amount: '0.001' },
          { itemId: 'b', amount: '-1' },
        ],
        open,
      ).map((p) => p.message),
    ).toEqual(['not an open item of this party', 'the same item twice', 'an amount > 0 with at most 2 decimals', 'an amount > 0 with at most 2 decimals']);
  });
});
