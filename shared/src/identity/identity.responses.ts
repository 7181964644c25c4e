import { ApiEnum, CodeNameRef } from '../common/http/api-contract';
import { USER_STATUS_VALUES, type UserStatus } from './identity.entity';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response bodies of identity.controllers.ts (the OpenAPI contract, docs/api.md). */

export class MeOrgUnitResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ enum: ['hq', 'store'] })
  kind!: 'hq' | 'store';

  @ApiProperty({ type: String })
  name!: string;
}

export class MeResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  username!: string;

  @ApiProperty({ type: String })
  displayName!: string;

  @ApiProperty({ type: () => MeOrgUnitResponse })
  orgUnit!: MeOrgUnitResponse;

  @ApiProperty({ type: [String] })
  roles!: string[];

  @ApiProperty({ type: [String] })
  permissions!: string[];

  @ApiProperty({ type: Boolean })
  mustChangePassword!: boolean;
}

export class LoginResultResponse {
  @ApiProperty({ type: String })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ type: 'number' })
  expiresIn!: number;

  @ApiProperty({ type: () => MeResponse })
  user!: MeResponse;
}

export class UserResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  username!: string;

  @ApiProperty({ type: String })
  displayName!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  orgUnitId!: string;

  @ApiPropertyOptional({ type: String })
  orgUnitCode?: string;

  @ApiEnum(USER_STATUS_VALUES)
  status!: UserStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lockedUntil!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: () => CodeNameRef, isArray: true })
  roles!: CodeNameRef[];
}

/** One entry of the permission catalogue. */
export class PermissionResponse {
  @ApiProperty({ type: String, example: 'purchase.read' })
  code!: string;

  @ApiProperty({ type: String, example: '查看采购' })
  zh!: string;

  @ApiProperty({ type: String, example: 'View purchasing' })
  en!: string;

  @ApiPropertyOptional({ enum: [true], description: 'an HQ-level permission: never a store user’s' })
  hq?: true;
}
