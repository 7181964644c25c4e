import { cardNumbersOf, formatCardNo, isValidLuhn, luhnCheckDigit } from './card-number';

describe('card numbers', () => {
  it('computes Luhn check digits of known numbers', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('4539148803436467'.slice(0, -1))).toBe('7');
    expect(isValidLuhn('79927398713')).toBe(true);
    expect(isValidLuhn('79927398710')).toBe(false);
  });

  it('catches every single-digit typo', () => {
    const good = formatCardNo(123456n, { prefix: '', width: 10, checkDigit: 'luhn' });
    for (let i = 0; i < good.length - 1; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        expect(isValidLuhn(good.slice(0, i) + d + good.slice(i + 1))).toBe(false);
      }
    }
  });

  it('pads to the width, keeps the prefix and refuses numbers wider than the width', () => {
    expect(formatCardNo(42n, { prefix: 'VIP', width: 6, checkDigit: 'none' })).toBe('VIP000042');
    expect(formatCardNo(42n, { prefix: 'VIP', width: 6, checkDigit: 'luhn' })).toMatch(/^VIP000042\d$/);
    expect(() => formatCardNo(1_000_000n, { prefix: '', width: 6, checkDigit: 'none' })).toThrow(/does not fit/);
    expect(cardNumbersOf(998n, 3, { prefix: 'A', width: 4, checkDigit: 'none' })).toEqual(['A0998', 'A0999', 'A1000']);
  });
});
