import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { compileFlatValidator } from './fast-validation';

class Flat {
  @IsISO8601({ strict: true })
  at: string;

  @IsIn(['info', 'warn'])
  level: string;

  @IsString()
  @Matches(/^[a-z]{1,8}$/)
  kind: string;

  @IsString()
  @Length(1, 5)
  message: string;

  @IsOptional()
  @IsUUID()
  ref?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  n?: number;

  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  @ValidateIf((o: Flat) => o.level === 'warn')
  @IsString()
  reason?: string;
}

class Line {
  @IsString()
  sku: string;
}

class Nested {
  @ValidateNested({ each: true })
  @Type(() => Line)
  lines: Line[];
}

class Transformed {
  @Transform(({ value }) => String(value).trim())
  @IsString()
  name: string;
}

class Each {
  @IsString({ each: true })
  tags: string[];
}

class WithDefault {
  @IsString()
  name: string = 'x';
}

const judge = (body: unknown) => validateSync(plainToInstance(Flat, body) as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).length === 0;

describe('compileFlatValidator', () => {
  const check = compileFlatValidator(Flat)!;
  const good = { at: '2026-12-05T07:00:00.000Z', level: 'info', kind: 'abc', message: 'hello' };
  const cases: Array<[string, unknown]> = [
    ['valid', good],
    ['valid with optionals', { ...good, ref: '3f1c0a52-9a41-4b8e-a7c3-0e5b1c2d3e4f', n: 3, data: { a: 1 } }],
    ['optional null', { ...good, ref: null, n: null, data: null }],
    ['unknown property', { ...good, extra: 1 }],
    ['missing required', { level: 'info', kind: 'abc', message: 'hello' }],
    ['not strict ISO date', { ...good, at: '2026-02-30T07:00:00Z' }],
    ['date as number', { ...good, at: 1 }],
    ['not in set', { ...good, level: 'debug' }],
    ['regex miss', { ...good, kind: 'ABC' }],
    ['kind not a string', { ...good, kind: ['abc'] }],
    ['too long', { ...good, message: 'hello!' }],
    ['empty', { ...good, message: '' }],
    ['bad uuid', { ...good, ref: 'nope' }],
    ['int out of range', { ...good, n: 11 }],
    ['float', { ...good, n: 1.5 }],
    ['data array', { ...good, data: [1] }],
    ['ValidateIf off', { ...good, reason: 5 }],
    ['ValidateIf on, missing', { ...good, level: 'warn' }],
    ['ValidateIf on, given', { ...good, level: 'warn', reason: 'why' }],
    ['null', null],
    ['array', [good]],
    ['string', 'x'],
  ];
  it.each(cases)('agrees with class-validator: %s', (_name, body) => {
    // the compiled check may only say yes when class-validator says yes, and here it must also say no when it says no
    const cv = body !== null && typeof body === 'object' && !Array.isArray(body) ? judge(body) : false;
    expect(check(body)).toBe(cv);
  });

  it('compiles only what it can check exactly', () => {
    expect(compileFlatValidator(Nested)).toBeNull();
    expect(compileFlatValidator(Transformed)).toBeNull();
    expect(compileFlatValidator(Each)).toBeNull();
    expect(compileFlatValidator(WithDefault)).toBeNull();
    expect(compileFlatValidator(class Empty {})).toBeNull();
  });
});
