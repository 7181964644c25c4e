import { IsPlainText } from '../common/text';
import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, registerDecorator, ValidationArguments } from 'class-validator';
import { BARCODE_PATTERN } from './barcode';
import { PageQueryDto } from '../common/pagination';
import { DateField } from '../common/validation/fields';
import { parseCell } from '../excel/sheet-schema';
import { SHEET_ENCODINGS, SheetEncoding } from '../excel/sheet-reader';
import { SheetColumn } from '../excel/sheet-schema';
import { CatalogSpec } from './catalog.definitions';

/**
 * API DTOs are generated from the same column descriptions as the import sheets, so a value the
 * API refuses is exactly a value the import refuses (and with the same message).
 */
function IsSheetValue(col: SheetColumn) {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'sheetValue',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate(value: unknown) {
          return messageFor(col, value) === null;
        },
        defaultMessage(args: ValidationArguments) {
          return messageFor(col, args.value) ?? 'invalid';
        },
      },
    });
}

function messageFor(col: SheetColumn, value: unknown): string | null {
  const typeOk: Record<SheetColumn['kind'], boolean> = {
    text: typeof value === 'string',
    code: typeof value === 'string',
    decimal: typeof value === 'string' || typeof value === 'number',
    int: typeof value === 'number',
    bool: typeof value === 'boolean',
    enum: typeof value === 'string',
    date: typeof value === 'string',
    list: Array.isArray(value) && value.every((v) => typeof v === 'string'),
  };
  if (!typeOk[col.kind]) return `${col.key} has the wrong type / 类型错误`;
  const r = parseCell(col, col.kind === 'list' ? (value as string[]).join(';') : value);
  if ('error' in r) return `${col.key}: ${r.message}`;
  // enums accept Chinese spellings in sheets; the API takes the stored value only
  if (col.kind === 'enum' && r.value !== value) return `${col.key} must be one of ${[...new Set(Object.values(col.values ?? {}))].join(', ')}`;
  if (col.kind === 'date' && r.value !== value) return `${col.key} must be YYYY-MM-DD`;
  return null;
}

const SWAGGER_TYPE: Record<SheetColumn['kind'], object> = {
  text: { type: String },
  code: { type: String, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
  decimal: { type: String, description: 'exact decimal as a string, e.g. "12.50"' },
  int: { type: Number },
  bool: { type: Boolean },
  enum: { type: String },
  date: { type: String, format: 'date' },
  list: { type: [String] },
};

const pascal = (s: string) => s.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());

/** Create or update DTO of an entity; references are ids (`categoryId`) where sheets use codes. */
export function catalogDto(spec: CatalogSpec, kind: 'create' | 'update'): Type {
  class Dto {}
  for (const col of spec.sheet.columns) {
    const ref = spec.refs.find((r) => r.sheetKey === col.key);
    const prop = ref ? ref.prop : col.key;
    const required = kind === 'create' && !!col.required;
    const doc = {
      description: [col.zh, ref ? `id of the ${ref.table.replace('_', ' ')} (${ref.zh})` : col.note].filter(Boolean).join(' — '),
      ...(ref ? { type: String, format: 'uuid' } : SWAGGER_TYPE[col.kind]),
      ...(col.kind === 'enum' ? { enum: [...new Set(Object.values(col.values ?? {}))] } : {}),
      ...(col.maxLength && col.kind !== 'list' ? { maxLength: col.maxLength } : {}),
      ...(required ? {} : { nullable: true }),
    };
    const decorators: PropertyDecorator[] = [required ? ApiProperty(doc) : ApiPropertyOptional(doc), ref ? IsUUID() : IsSheetValue(col)];
    if (!required) decorators.push(IsOptional());
    for (const d of decorators) d(Dto.prototype, prop);
  }
  if (kind === 'update') {
    ApiPropertyOptional({ type: Number, description: 'row version last read; a stale one gets 409 VERSION_CONFLICT' })(Dto.prototype, 'expectedVersion');
    IsOptional()(Dto.prototype, 'expectedVersion');
    IsInt()(Dto.prototype, 'expectedVersion');
    Min(1)(Dto.prototype, 'expectedVersion');
  }
  Object.defineProperty(Dto, 'name', { value: `${kind === 'create' ? 'Create' : 'Update'}${pascal(spec.key)}Dto` });
  return Dto;
}

export class DisableDto {
  @ApiPropertyOptional({ description: 'row version last read; a stale one gets 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CatalogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'part of code or name (products: also an exact barcode)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled', 'discontinued'] })
  @IsOptional()
  @IsIn(['active', 'disabled', 'discontinued'])
  status?: string;
}

export class ProductQueryDto extends CatalogQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'category, including its subcategories' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  brandId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'default supplier' })
  @IsOptional()
  @IsUUID()
  supplierId?: string;

  @ApiPropertyOptional({ description: 'exact barcode' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(BARCODE_PATTERN)
  barcode?: string;
}

export class CategoryQueryDto extends CatalogQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'direct children of this category' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'this category and everything under it' })
  @IsOptional()
  @IsUUID()
  within?: string;

  @ApiPropertyOptional({ description: 'top-level categories only' })
  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false])
  rootsOnly?: boolean;
}

export class StorePriceQueryDto extends CatalogQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @DateField({ description: 'prices valid on this day', optional: true })
  activeOn?: string;
}

export const IMPORT_MODES = ['validate', 'commit', 'commit-valid'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export class ImportOptionsDto {
  @ApiPropertyOptional({
    enum: IMPORT_MODES,
    default: 'validate',
    description: 'validate = dry run (校验); commit = all rows or nothing (全部导入); commit-valid = the valid rows, the rest reported (只导入正确行)',
  })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;

  @ApiPropertyOptional({ enum: SHEET_ENCODINGS, description: 'text files only; detected when omitted (UTF-8, else GBK/GB18030)' })
  @IsOptional()
  @IsIn(SHEET_ENCODINGS)
  encoding?: SheetEncoding;
}

export class ImportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'entity: product, supplier, category, …' })
  @IsOptional()
  @IsIn(['supplier', 'category', 'brand', 'unit', 'product', 'customer', 'payment-method', 'store-price'])
  entity?: string;
}

export class ImportErrorsQueryDto extends PageQueryDto {}

export class ErrorFileQueryDto {
  @ApiPropertyOptional({ description: 'only the header and the failed rows', default: false })
  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false])
  failedOnly?: boolean;
}
