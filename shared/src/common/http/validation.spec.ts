import { IsString, MinLength, ValidateNested, validateSync } from 'class-validator';
import { Type, plainToInstance } from 'class-transformer';
import { memoiseValidationMetadata } from './validation';

class Line {
  @IsString()
  code: string;
}

class Doc {
  @IsString()
  name: string;

  @ValidateNested({ each: true })
  @Type(() => Line)
  lines: Line[];
}

const errors = <T extends object>(cls: new () => T, plain: object) => validateSync(plainToInstance(cls, plain) as object, { whitelist: true, forbidNonWhitelisted: true });

describe('memoiseValidationMetadata', () => {
  it('answers like class-validator itself, nested objects included', () => {
    const cases = [
      { name: 'a', lines: [{ code: 'x' }] },
      { name: 1, lines: [{ code: 2 }, { code: 'y' }] },
      { name: 'a', lines: [{ code: 'x', extra: 1 }] },
      { name: 'a', lines: [], other: true },
    ];
    const plain = cases.map((c) => JSON.stringify(errors(Doc, c)));
    memoiseValidationMetadata();
    memoiseValidationMetadata(); // twice: wrapped once
    expect(cases.map((c) => JSON.stringify(errors(Doc, c)))).toEqual(plain);
    expect(errors(Doc, cases[1]).map((e) => e.property)).toEqual(['name', 'lines']);
  });

  it('sees rules added after a class was looked up (a subclass, a decorator applied later)', () => {
    memoiseValidationMetadata();
    expect(errors(Line, { code: 'x' })).toHaveLength(0);
    class LongLine extends Line {
      @MinLength(3)
      note: string;
    }
    expect(errors(LongLine, { code: 'x', note: 'ab' }).map((e) => e.property)).toEqual(['note']);
    MinLength(2)(Line.prototype, 'code');
    expect(errors(Line, { code: 'x' }).map((e) => e.property)).toEqual(['code']);
  });
});
