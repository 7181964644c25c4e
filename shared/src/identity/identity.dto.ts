import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { IsPlainText } from '../common/text';
import { CodeField } from '../common/validation/fields';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'admin12345' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class ChangeOwnPasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 128)
  currentPassword: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @IsPlainText()
  @Length(8, 128)
  newPassword: string;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: 8 })
  @IsString()
  @IsPlainText()
  @Length(8, 128)
  newPassword: string;

  @ApiPropertyOptional({ description: 'the user must choose a new password at next sign-in', default: true })
  @IsOptional()
  @IsIn([true, false])
  mustChange?: boolean;
}

export class CreateUserDto {
  @CodeField(64, { example: 's001-cashier2' })
  @MinLength(3)
  username: string;

  @ApiProperty({ example: '王小明' })
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  displayName: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @IsPlainText()
  @Length(8, 128)
  password: string;

  @ApiPropertyOptional({ description: 'org unit of the user; a store administrator may only use their own store', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  roleIds?: string[];
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'replaces the user’s roles' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  roleIds?: string[];

  @ApiPropertyOptional({ description: 'row version last read; a stale one gets 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ description: 'part of username or display name' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  search?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}

export class CreateRoleDto {
  @CodeField(64, { example: 's001-supervisor' })
  @MinLength(2)
  code: string;

  @ApiProperty({ example: '值班长' })
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name: string;

  @ApiProperty({ type: [String], example: ['pos.sell', 'pos.refund'] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsPlainText({ each: true })
  @MaxLength(64, { each: true })
  permissions: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'store the role belongs to; omitted at HQ → a chain-wide role' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}

export class UpdateRoleDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsPlainText({ each: true })
  @MaxLength(64, { each: true })
  permissions?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class RoleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}

export class CreateOrgUnitDto {
  @CodeField(16, { example: 'S003' })
  code: string;

  @ApiProperty({ example: '三号店' })
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ['store'], description: 'HQ exists once; new units are stores' })
  @IsIn(['store'])
  kind: 'store';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(200)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(100)
  contact?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ example: '2026-12-01' })
  @IsOptional()
  @IsDateString({ strict: true })
  openingDate?: string;
}

export class UpdateOrgUnitDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(200)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(100)
  contact?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

/** The stores of the chain (code or name contains `search`). */
export class StoreListQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  search?: string;
}

export class OrgUnitQueryDto extends StoreListQueryDto {
  @ApiPropertyOptional({ enum: ['hq', 'store'] })
  @IsOptional()
  @IsIn(['hq', 'store'])
  kind?: 'hq' | 'store';
}
