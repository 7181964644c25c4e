import { cardVisibleTo, expiryOf, pointsFor } from './member-calc';

describe('member calculations', () => {
  it('gives whole points, rounded down, never negative', () => {
    expect(pointsFor('99.99', '1').toString()).toBe('99');
    expect(pointsFor('10.00', '0.5').toString()).toBe('5');
    expect(pointsFor('3', '0.5').toString()).toBe('1');
    expect(pointsFor('-5', '1').toString()).toBe('0');
    expect(pointsFor('0.1', '0.0001').toString()).toBe('0');
  });

  it('adds months to the issue date, clamping to the end of a short month', () => {
    expect(expiryOf(new Date('2026-01-31T10:00:00Z'), 1)!.toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(expiryOf(new Date('2026-03-15T00:00:00Z'), 12)!.toISOString()).toBe('2027-03-15T00:00:00.000Z');
    expect(expiryOf(new Date('2026-03-15T00:00:00Z'), null)).toBeNull();
  });

  it('shows chain cards to every store and 本店卡 only to their owner', () => {
    expect(cardVisibleTo({ scope: 'chain', ownerStoreId: 'a' }, 'b')).toBe(true);
    expect(cardVisibleTo({ scope: 'store', ownerStoreId: 'a' }, 'a')).toBe(true);
    expect(cardVisibleTo({ scope: 'store', ownerStoreId: 'a' }, 'b')).toBe(false);
    expect(cardVisibleTo({ scope: 'store', ownerStoreId: 'a' }, null)).toBe(true);
  });
});
