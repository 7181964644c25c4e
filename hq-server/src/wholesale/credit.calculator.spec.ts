import { creditCheck, undeliveredValue } from './credit.calculator';

const fmt = (c: ReturnType<typeof creditCheck>) => ({ exposure: c.exposure.toFixed(2), available: c.available.toFixed(2), exceeded: c.exceeded, excess: c.excess.toFixed(2) });

describe('credit check (信用检查)', () => {
  it('within the limit, up to exactly the limit', () => {
    expect(fmt(creditCheck({ limit: '1000', balance: '400', openOrders: '100', orderAmount: '500' }))).toEqual({
      exposure: '1000.00',
      available: '500.00',
      exceeded: false,
      excess: '0.00',
    });
  });

  it('one cent over the limit needs the higher approval', () => {
    expect(fmt(creditCheck({ limit: '1000', balance: '400', openOrders: '100', orderAmount: '500.01' }))).toEqual({
      exposure: '1000.01',
      available: '500.00',
      exceeded: true,
      excess: '0.01',
    });
  });

  it('an advance payment (negative balance) counts for the customer; no credit at all means prepaid only', () => {
    expect(fmt(creditCheck({ limit: '0', balance: '-300', openOrders: '0', orderAmount: '300' })).exceeded).toBe(false);
    expect(fmt(creditCheck({ limit: '0', balance: '0', openOrders: '0', orderAmount: '0.01' })).exceeded).toBe(true);
  });

  it('values what is not yet delivered of approved orders', () => {
    expect(
      undeliveredValue([
        { quantity: '10', deliveredQty: '4', unitPrice: '2.345' },
        { quantity: '3', deliveredQty: '3', unitPrice: '9' },
      ]).toFixed(2),
    ).toBe('14.07');
  });
});
