import fc from 'fast-check';
import { dec } from '../common/money';
import { cardVisibleTo, expiryOf, pointsFor, pointsToTakeBack } from './member-calc';

describe('member calculations', () => {
  it('gives whole points, rounded down, never negative', () => {
    expect(pointsFor('99.99', '1').toString()).toBe('99');
    expect(pointsFor('10.00', '0.5').toString()).toBe('5');
    expect(pointsFor('3', '0.5').toString()).toBe('1');
    expect(pointsFor('-5', '1').toString()).toBe('0');
    expect(pointsFor('0.1', '0.0001').toString()).toBe('0');
  });

  it('takes back a refund’s share of a sale’s points: a whole refund takes them all, a part its rounded-down share', () => {
    // 99 points on 99.90: refunding 9.90 leaves 90.00 → floor(99 × 90 / 99.9) = 89 kept, 10 back
    expect(pointsToTakeBack('99', '99.90', '0', '9.90').toString()).toBe('10');
    expect(pointsToTakeBack('99', '99.90', '0', '99.90').toString()).toBe('99');
    expect(pointsToTakeBack('99', '99.90', '9.90', '90.00').toString()).toBe('89');
    // more than the sale (or nothing earned) never takes more than it earned, nor anything negative
    expect(pointsToTakeBack('99', '99.90', '99.90', '5').toString()).toBe('0');
    expect(pointsToTakeBack('0', '10', '0', '10').toString()).toBe('0');
    expect(pointsToTakeBack('5', '0', '0', '1').toString()).toBe('0');
  });

  it('adds up partial refunds to exactly what one refund of the same money takes, whatever the split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_00 }),
        fc.integer({ min: 0, max: 500 }),
        fc.array(fc.integer({ min: 1, max: 1_000_00 }), { minLength: 1, maxLength: 8 }),
        (cents, earned, parts) => {
          const total = dec(cents).div(100);
          let before = dec(0);
          let taken = dec(0);
          for (const p of parts) {
            const amount = dec(p).div(100);
            taken = taken.plus(pointsToTakeBack(earned, total, before, amount));
            before = before.plus(amount);
          }
          expect(taken.toString()).toBe(pointsToTakeBack(earned, total, 0, before).toString());
          expect(taken.lte(earned)).toBe(true);
          if (before.gte(total)) expect(taken.toString()).toBe(String(earned));
        },
      ),
    );
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
