import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { compileDto, compileFlatValidator } from './fast-validation';

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

class SaleLine {
  @IsOptional()
  @Matches(/^[0-9]{1,13}$/)
  barcode?: string;

  @IsOptional()
  @Matches(/^\d{1,6}(\.\d{1,3})?$/)
  quantity?: string;

  @IsOptional()
  @IsBoolean()
  voided?: boolean;
}

class Payment {
  @IsUUID()
  methodId: string;

  @Matches(/^\d{1,9}(\.\d{1,2})?$/)
  amount: string;
}

class Sale {
  @IsUUID()
  id: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => SaleLine)
  lines: SaleLine[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Payment)
  payments?: Payment[];

  @IsOptional()
  @Matches(/^\d{1,3}$/)
  discount?: string;
}

class NestedOne {
  @ValidateNested()
  @Type(() => Line)
  line: Line;
}

class Discriminated {
  @ValidateNested({ each: true })
  @Type(() => Line, { discriminator: { property: 'kind', subTypes: [{ value: Line, name: 'line' }] } })
  lines: Line[];
}

class TypedScalar {
  @Type(() => Number)
  @IsInt()
  n: number;
}

const judgeSale = (body: object) => validateSync(plainToInstance(Sale, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).length === 0;

describe('compileDto (a body with arrays of nested DTOs, as the global ValidationPipe runs it)', () => {
  const dto = compileDto(Sale)!;
  const id = '3f1c0a52-9a41-4b8e-a7c3-0e5b1c2d3e4f';
  const good = { id, lines: [{ barcode: '6901234567892', quantity: '2' }, { barcode: '6901234567893' }], payments: [{ methodId: id, amount: '10.00' }] };
  // [name, body, whether the compiled check may pass it: false where class-validator accepts but the build could not copy exactly]
  const cases: Array<[string, unknown, boolean]> = [
    ['valid', good, true],
    ['valid, no payments', { id, lines: [{}] }, true],
    ['valid, voided line', { ...good, lines: [{ barcode: '1', voided: true }] }, true],
    ['no lines', { id, lines: [] }, true],
    ['too many lines', { id, lines: [{}, {}, {}, {}] }, true],
    ['lines missing', { id }, true],
    ['lines not an array', { id, lines: { barcode: '1' } }, true],
    ['a line not an object', { id, lines: ['6901234567892'] }, true],
    ['a line null', { id, lines: [null] }, true],
    ['a line with an unknown property', { id, lines: [{ barcode: '1', price: '0.01' }] }, true],
    ['a line with a bad value', { id, lines: [{ barcode: 'x' }] }, true],
    ['a line with an object value', { id, lines: [{ barcode: { $gt: '' } }] }, true],
    ['a bad payment', { ...good, payments: [{ methodId: 'nope', amount: '1' }] }, true],
    ['payments null', { ...good, payments: null }, true],
    ['unknown top-level property', { ...good, extra: 1 }, true],
    ['a top-level object value', { ...good, discount: { a: 1 } }, true],
    ['bad id', { ...good, id: 'x' }, true],
  ];
  it.each(cases)('agrees with class-validator: %s', (_name, body) => {
    expect(dto.check(body)).toBe(judgeSale(body as object));
  });

  it('builds what plainToInstance builds: instances of the class and of each nested element', () => {
    const built = dto.build(good) as Sale;
    const reference = plainToInstance(Sale, good);
    expect(built).toBeInstanceOf(Sale);
    expect(built.lines[0]).toBeInstanceOf(SaleLine);
    expect(built.payments![0]).toBeInstanceOf(Payment);
    expect(built).toEqual(reference);
    // a copy: the body's arrays are not the instance's
    expect(built.lines).not.toBe(good.lines);
  });

  it('compiles nested arrays only: a single nested object, a @Type on a scalar or with a discriminator, @Transform are left to class-validator', () => {
    expect(compileDto(NestedOne)).toBeNull();
    expect(compileDto(TypedScalar)).toBeNull();
    expect(compileDto(Discriminated)).toBeNull();
    expect(compileDto(Transformed)).toBeNull();
    expect(compileDto(Nested)).not.toBeNull();
    // the flat compiler still refuses what has nested DTOs
    expect(compileFlatValidator(Sale)).toBeNull();
  });
});
