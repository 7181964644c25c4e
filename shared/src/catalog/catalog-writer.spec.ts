// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };
import { arrayParam } from './catalog-writer';

describe('catalog writer: array parameters', () => {
  it('builds exactly the literal the pg driver builds', () => {
    const cases: unknown[][] = [
      [],
      ['a', 'b'],
      ['with "quotes"', 'back\\slash', '', null, undefined, '可乐 330ml', 'a,b', '{x}', 'NULL', ' spaced '],
      [1, 2.5, -0.001, 0],
      [true, false, null],
      ['{"6900000000011","6900000000012"}', null],
    ];
    for (const c of cases) expect(arrayParam(c)).toBe(prepareValue(c));
  });

  it('leaves other values to the driver', () => {
    const dates = [new Date(0), null];
    expect(arrayParam(dates)).toBe(dates);
  });
});
