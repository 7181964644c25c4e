import { CommonError } from './errors';
import { defineSort, sortRows, sortTerms, sortValues } from './pagination';

describe('sortTerms', () => {
  const sortable = { code: 't.code', createdAt: 't.created_at' };

  it('maps API names to the whitelist’s columns, `-` descending', () => {
    expect(sortTerms('-createdAt,code', sortable)).toEqual([
      { column: 't.created_at', desc: true },
      { column: 't.code', desc: false },
    ]);
  });

  it.each(['constructor', '-constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'code,toString', 'name'])(
    'refuses %s with a 400 naming the allowed keys',
    (sort) => {
      let thrown: any;
      try {
        sortTerms(sort, sortable);
      } catch (e) {
        thrown = e;
      }
      expect(thrown?.code).toBe(CommonError.VALIDATION_FAILED);
      expect(thrown.fields).toEqual([{ field: 'sort', message: 'allowed: code, createdAt' }]);
    },
  );
});

describe('defineSort, sortValues, sortRows', () => {
  it('refuses, when the module loads, a default naming a key the list does not have', () => {
    expect(() => defineSort({ code: 't.code' }, '-createdAt')).toThrow(/cannot sort by createdAt/);
  });

  it('lists each key ascending and descending (the document’s enum), once across specs', () => {
    expect(sortValues(defineSort({ code: 'a', name: 'b' }, 'code'), defineSort({ code: 'c', qty: 'd' }, 'qty'))).toEqual(['code', '-code', 'name', '-name', 'qty', '-qty']);
  });

  it('orders rows in memory: decimal text as numbers, nulls last either way, the default when no sort is asked', () => {
    const spec = defineSort({ code: 'code', qty: 'qty' }, 'code');
    const rows = [
      { code: 'b', qty: '10' },
      { code: 'a', qty: '9.5' },
      { code: 'c', qty: null },
      { code: 'd', qty: '-2' },
    ];
    expect(sortRows(rows, undefined, spec).map((r) => r.code)).toEqual(['a', 'b', 'c', 'd']);
    expect(sortRows(rows, 'qty', spec).map((r) => r.code)).toEqual(['d', 'a', 'b', 'c']);
    expect(sortRows(rows, '-qty,code', spec).map((r) => r.code)).toEqual(['b', 'a', 'd', 'c']);
    expect(() => sortRows(rows, 'secret', spec)).toThrow(/cannot sort by secret/);
  });
});
