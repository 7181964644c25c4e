import { remainingBatches, returnBatches } from './return-batches.calculator';

describe('wholesale return batches (批发退货批次)', () => {
  const delivered = [
    { batchNo: 'A', expiryDate: '2027-01-01', quantity: '3' },
    { batchNo: 'B', expiryDate: '2027-03-01', quantity: '5' },
  ];

  it('goes back into the batches in the order they left', () => {
    expect(returnBatches(delivered, [], '4')).toEqual([
      { batchNo: 'A', expiryDate: '2027-01-01', quantity: '3' },
      { batchNo: 'B', expiryDate: '2027-03-01', quantity: '1' },
    ]);
  });

  it('skips what earlier returns took back', () => {
    const returned = [{ batchNo: 'A', expiryDate: '2027-01-01', quantity: '2' }];
    expect(remainingBatches(delivered, returned)).toEqual([{ batchNo: 'A', expiryDate: '2027-01-01', quantity: '1' }, delivered[1]]);
    expect(returnBatches(delivered, [...returned, { batchNo: 'A', expiryDate: '2027-01-01', quantity: '1' }], '2.5')).toEqual([
      { batchNo: 'B', expiryDate: '2027-03-01', quantity: '2.5' },
    ]);
  });

  it('non-batch goods have no batches', () => {
    expect(returnBatches([], [], '2')).toEqual([]);
  });
});
