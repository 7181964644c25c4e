import { pickWholesalePrice } from './wholesale-price.calculator';

describe('wholesale price (批发价格)', () => {
  const product = { retailPrice: '12.00', memberPrice: '11.00', wholesalePrice: '9.50' };

  it('a contract price wins over every level', () => {
    expect(pickWholesalePrice({ contractPrice: '8.8800', level: 'retail', product })).toEqual({ price: '8.88', source: 'contract' });
  });

  it('else the customer’s level: wholesale, member or retail price', () => {
    expect(pickWholesalePrice({ contractPrice: null, level: 'wholesale', product })).toEqual({ price: '9.5', source: 'wholesale' });
    expect(pickWholesalePrice({ contractPrice: null, level: 'member', product })).toEqual({ price: '11', source: 'member' });
    expect(pickWholesalePrice({ contractPrice: null, level: 'retail', product })).toEqual({ price: '12', source: 'retail' });
  });

  it('a product without a wholesale or member price falls back to its retail price', () => {
    const bare = { retailPrice: '5.20', memberPrice: null, wholesalePrice: null };
    expect(pickWholesalePrice({ contractPrice: null, level: 'wholesale', product: bare })).toEqual({ price: '5.2', source: 'retail' });
    expect(pickWholesalePrice({ contractPrice: null, level: 'member', product: bare })).toEqual({ price: '5.2', source: 'retail' });
  });
});
