import { decimalTexts } from './money';

describe('decimalTexts', () => {
  it('shows the named decimal fields as the API does ("12.5", "0", "-3"), keeps nulls and other fields, and leaves the rows read untouched', () => {
    const rows = [
      { code: '007', qty: '12.500', amount: '0.00', note: '1.50' },
      { code: '008', qty: null, amount: '-3.000', note: null },
    ];
    expect(decimalTexts(rows, ['qty', 'amount'])).toEqual([
      { code: '007', qty: '12.5', amount: '0', note: '1.50' },
      { code: '008', qty: null, amount: '-3', note: null },
    ]);
    expect(rows[0].qty).toBe('12.500');
  });
});
