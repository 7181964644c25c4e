import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import { CreateOrgUnitDto, CreateUserDto, PageQueryDto, STORE_EVENT_LEVELS, type StoreEventLevel } from '@chain-erp/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const CODE = /^[A-Za-z0-9_.-]+$/;
const URL_OPTS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class OpeningWarehouseDto {
  @ApiProperty({ example: 'S001-01' })
  @IsString()
  @IsPlainText()
  @Length(1, 32)
  @Matches(CODE)
  code: string;

  @ApiProperty({ example: '一号店卖场' })
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name: string;
}

/** A user the new store starts with: username, display name and password as for any new user (same rules); the role by code. */
export class OpeningUserDto extends PickType(CreateUserDto, ['username', 'displayName', 'password'] as const) {
  @ApiProperty({ example: 'store-admin', description: 'role code: store-admin, cashier, or another chain-wide role' })
  @IsString()
  @IsPlainText()
  @Length(1, 64)
  @Matches(CODE)
  role: string;
}

/** 门店基础资料: everything (all* true, the default) or a selection. */
export class DataScopeDto {
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  allCategories?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'selected categories (each with its subtree)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  categoryIds?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  allSuppliers?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  supplierIds?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  allCustomers?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  customerIds?: string[];

  @ApiPropertyOptional({ default: true, description: 'all users of the store itself' })
  @IsOptional()
  @IsBoolean()
  allUsers?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'further users (of the store or HQ) who may sign in at the store' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  userIds?: string[];
}

export class StoreSettingsDto {
  @ApiPropertyOptional({ description: '门店自行采购' })
  @IsOptional()
  @IsBoolean()
  allowStorePurchasing?: boolean;

  @ApiPropertyOptional({ description: '零库存销售' })
  @IsOptional()
  @IsBoolean()
  allowNegativeStock?: boolean;

  @ApiPropertyOptional({ description: '会员中心地址', example: 'http://hq.example.com:3000' })
  @IsOptional()
  @IsUrl(URL_OPTS)
  @MaxLength(300)
  memberCenterUrl?: string;
}

/** 开新店: the org unit's own fields are those of a new store org unit, plus everything the store needs on day one. */
export class OpenStoreDto extends OmitType(CreateOrgUnitDto, ['kind'] as const) {
  @ApiProperty({ format: 'uuid', description: 'idempotency key: a retry with the same key never opens a second store' })
  @IsUUID()
  idempotencyKey: string;

  @ApiProperty({ type: [OpeningWarehouseDto], description: 'selling warehouses; an in-transit warehouse is added' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OpeningWarehouseDto)
  warehouses: OpeningWarehouseDto[];

  @ApiPropertyOptional({ example: 'S003-TRANSIT', description: 'code of the in-transit warehouse (default `<code>-TRANSIT`)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 32)
  @Matches(CODE)
  inTransitWarehouseCode?: string;

  @ApiProperty({ type: [OpeningUserDto], description: 'at least a store administrator (store-admin) and a cashier' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OpeningUserDto)
  users: OpeningUserDto[];

  @ApiPropertyOptional({ minLength: 10, description: 'transfer password; generated (and shown once) when absent' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(10, 128)
  transferPassword?: string;

  @ApiPropertyOptional({ type: DataScopeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DataScopeDto)
  dataScope?: DataScopeDto;

  @ApiPropertyOptional({ type: StoreSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StoreSettingsDto)
  settings?: StoreSettingsDto;

  @ApiPropertyOptional({ description: 'HQ address as the store reaches it (for the setup code); default: this request’s address' })
  @IsOptional()
  @IsUrl(URL_OPTS)
  @MaxLength(300)
  hqUrl?: string;
}

export class RotatePasswordDto {
  @ApiPropertyOptional({ minLength: 10, description: 'new transfer password; generated (and shown once) when absent' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(10, 128)
  password?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 720, default: 24, description: 'hours the old password keeps working' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  graceHours?: number;

  @ApiPropertyOptional({ description: 'HQ address for the new setup code' })
  @IsOptional()
  @IsUrl(URL_OPTS)
  @MaxLength(300)
  hqUrl?: string;
}

export class SetupCodeDto {
  @ApiPropertyOptional({ description: 'HQ address as the store reaches it' })
  @IsOptional()
  @IsUrl(URL_OPTS)
  @MaxLength(300)
  hqUrl?: string;
}

export class TransferStoreQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'code or name contains' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(50)
  search?: string;

  @ApiPropertyOptional({ enum: ['active', 'revoked'] })
  @IsOptional()
  @IsIn(['active', 'revoked'])
  status?: 'active' | 'revoked';
}

export class SourceFailureQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'S001', description: 'failures claiming this store code (`*`: addresses counted across codes)' })
  @IsOptional()
  @Matches(/^([A-Za-z0-9_.-]{1,16}|\*)$/)
  storeCode?: string;

  @ApiPropertyOptional({ example: '203.0.113.7', description: 'one address' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z.:%_-]{1,64}$/)
  source?: string;

  @ApiPropertyOptional({ description: 'only sources locked now' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  lockedOnly?: boolean;
}

export class ReleaseSourceDto {
  @ApiProperty({ example: '203.0.113.7', description: 'the address whose lock and counts are lifted' })
  @Matches(/^[0-9A-Za-z.:%_-]{1,64}$/)
  source: string;
}

export class InboxRecordQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['received', 'processed', 'failed', 'discarded'], description: 'default: failed' })
  @IsOptional()
  @IsIn(['received', 'processed', 'failed', 'discarded'])
  status?: 'received' | 'processed' | 'failed' | 'discarded';

  @ApiPropertyOptional({ example: 'member.card-issue' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  stream?: string;
}

export class ConflictQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['failed', 'discarded', 'superseded'], description: 'default: failed' })
  @IsOptional()
  @IsIn(['failed', 'discarded', 'superseded'])
  status?: 'failed' | 'discarded' | 'superseded';

  @ApiPropertyOptional({ example: 'pos.shift-report' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  stream?: string;
}

export class DiscardInboxRecordDto {
  @ApiProperty({ example: '会员手机号重复，已在总部另行处理', description: 'why the record is not applied (kept in the audit trail)' })
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(2, 200)
  reason: string;
}

export class StoreEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: [...STORE_EVENT_LEVELS] })
  @IsOptional()
  @IsIn([...STORE_EVENT_LEVELS])
  level?: StoreEventLevel;
}
