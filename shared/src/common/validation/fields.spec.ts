import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CodeField, DateField, MoneyField, moneyPattern, QtyField, qtyPattern } from './fields';

class Doc {
  @MoneyField()
  amount: string;

  @MoneyField({ sign: 'zeroOrMore', optional: true })
  discount?: string;

  @MoneyField({ sign: 'nonZero', optional: true })
  delta?: string;

  @QtyField()
  qty: string;

  @QtyField({ sign: 'zeroOrMore', optional: true })
  counted?: string;

  @DateField({ optional: true })
  day?: string;

  @CodeField(16, { optional: true })
  code?: string;
}

const base = { amount: '1', qty: '1' };
const errorsOf = (body: Record<string, unknown>) => validateSync(plainToInstance(Doc, { ...base, ...body })).map((e) => [e.property, Object.values(e.constraints ?? {})[0]]);

describe('field kinds (one meaning each)', () => {
  it('money: up to 13 digits and 2 decimals; > 0 unless zeroOrMore; a sign only with nonZero', () => {
    for (const ok of ['0.01', '12.5', '12.50', '9999999999999.99', '100']) expect(moneyPattern().test(ok)).toBe(true);
    for (const bad of ['0', '0.00', '-1', '1.234', '99999999999999', '1e3', ' 1', '1.', '.5', '+1']) expect(moneyPattern().test(bad)).toBe(false);
    expect(moneyPattern('zeroOrMore').test('0')).toBe(true);
    expect(moneyPattern('zeroOrMore').test('-1')).toBe(false);
    for (const ok of ['-0.01', '5', '-9999999999999.99']) expect(moneyPattern('nonZero').test(ok)).toBe(true);
    for (const bad of ['0', '-0', '-0.00', '--1']) expect(moneyPattern('nonZero').test(bad)).toBe(false);
  });

  it('every amount the old money patterns took is still taken (12 → 13 digits widened, never narrowed)', () => {
    const oldMoney = /^(?!0+(\.0+)?$)\d{1,12}(\.\d{1,2})?$/;
    const oldOrZero = /^\d{1,12}(\.\d{1,2})?$/;
    for (const s of ['0', '0.5', '1', '123456789012', '123456789012.34', '7.1']) {
      if (oldMoney.test(s)) expect(moneyPattern().test(s)).toBe(true);
      if (oldOrZero.test(s)) expect(moneyPattern('zeroOrMore').test(s)).toBe(true);
    }
  });

  it('quantity: up to 9 digits and 3 decimals', () => {
    for (const ok of ['1', '0.001', '999999999.999']) expect(qtyPattern().test(ok)).toBe(true);
    for (const bad of ['0', '1.2345', '1000000000', '-1']) expect(qtyPattern().test(bad)).toBe(false);
    expect(qtyPattern('zeroOrMore').test('0')).toBe(true);
  });

  it('a JSON number is read as its text; errors name the field and the rule', () => {
    expect(errorsOf({ amount: 12.5, qty: 2 })).toEqual([]);
    expect(errorsOf({ amount: '0' })).toEqual([['amount', 'must be an amount > 0 with at most 13 digits and 2 decimals, like "12.50"']]);
    expect(errorsOf({ qty: '1.2345' })).toEqual([['qty', 'must be a quantity > 0 with at most 9 digits and 3 decimals']]);
    expect(errorsOf({ delta: '0' })).toEqual([['delta', 'must be an amount ≠ 0 (negative with a leading -) with at most 13 digits and 2 decimals, like "12.50"']]);
    expect(errorsOf({ discount: null, delta: undefined, counted: '0' })).toEqual([]);
  });

  it('date: a real calendar day only', () => {
    expect(errorsOf({ day: '2028-02-29' })).toEqual([]);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '20261201', '2026-12-01T00:00:00Z'])
      expect(errorsOf({ day: bad })).toEqual([['day', 'must be a real day as YYYY-MM-DD']]);
  });

  it('code: letters, digits, _ . -, starting with a letter or digit, within its length', () => {
    for (const ok of ['P001', 'a.b_c-d', '9']) expect(errorsOf({ code: ok })).toEqual([]);
    expect(errorsOf({ code: '-x' })).toEqual([['code', 'must be letters, digits, _ . - (starting with a letter or digit)']]);
    expect(errorsOf({ code: 'A'.repeat(17) })).toEqual([['code', 'code must be shorter than or equal to 16 characters']]);
    expect(errorsOf({ code: 'P 1' })).toHaveLength(1);
  });
});
