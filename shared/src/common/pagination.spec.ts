import { CommonError } from './errors';
import { sortTerms } from './pagination';

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
