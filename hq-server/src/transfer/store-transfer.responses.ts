import { ApiEnum, CodeNameRef, ORG_STATUS_VALUES, type OrgStatus, WarehouseRef } from '@chain-erp/shared';
import { TRANSFER_STATUS_VALUES, type TransferStatus } from './hq-transfer.entity';
import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of store-transfer.controller.ts (the OpenAPI contract, docs/api.md). */

export class OpenStoreResultUserResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  username!: string;

  @ApiProperty({ type: String })
  role!: string;
}

export class OpenStoreResultResponse {
  @ApiProperty({ type: () => CodeNameRef })
  store!: CodeNameRef;

  @ApiProperty({ type: () => WarehouseRef, isArray: true })
  warehouses!: WarehouseRef[];

  @ApiProperty({ type: () => OpenStoreResultUserResponse, isArray: true })
  users!: OpenStoreResultUserResponse[];

  @ApiProperty({ type: String, nullable: true })
  transferPassword!: string | null;

  @ApiProperty({ type: String })
  setupCode!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  setupCodeExpiresAt!: string;

  @ApiProperty({ type: Boolean })
  replayed!: boolean;
}

export class SourceFailureResponse {
  @ApiProperty({ type: String })
  source!: string;

  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: 'number' })
  failures!: number;

  @ApiProperty({ type: 'number' })
  totalFailures!: number;

  @ApiProperty({ type: 'integer' })
  lockCount!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  firstFailedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  lastFailedAt!: Date;

  @ApiProperty({ type: String })
  lastReason!: string;

  @ApiProperty({ type: Boolean })
  locked!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lockedUntil!: Date | null;
}

export class StoreTransferLastFailedRecordResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  stream!: string;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ enum: ['record', 'conflict'] })
  kind!: 'record' | 'conflict';
}

export class StoreTransferPushErrorResponse {
  @ApiProperty({ type: String, nullable: true })
  stream!: string | null;

  @ApiProperty({ type: String })
  error!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: Date;
}

export class StoreTransferResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiEnum(ORG_STATUS_VALUES)
  orgStatus!: OrgStatus;

  @ApiEnum(TRANSFER_STATUS_VALUES)
  transferStatus!: TransferStatus;

  @ApiProperty({ type: Boolean })
  locked!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lockedUntil!: Date | null;

  @ApiProperty({ type: () => SourceFailureResponse, isArray: true })
  recentFailures!: SourceFailureResponse[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastContactAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastPullAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastPushAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  cursor!: string | null;

  @ApiProperty({ type: 'number', nullable: true })
  pullBacklog!: number | null;

  @ApiProperty({ type: 'number' })
  outboxBacklog!: number;

  @ApiProperty({ type: 'number' })
  failedRecords!: number;

  @ApiProperty({ type: () => StoreTransferLastFailedRecordResponse, nullable: true })
  lastFailedRecord!: StoreTransferLastFailedRecordResponse | null;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastErrorAt!: Date | null;

  @ApiProperty({ type: () => StoreTransferPushErrorResponse, nullable: true })
  pushError!: StoreTransferPushErrorResponse | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reconciledAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  keyChangedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  previousKeyUntil!: Date | null;

  @ApiProperty({ type: 'integer' })
  scopeVersion!: number;
}

export class StoreTransferReleaseSourceResponse {
  @ApiProperty({ type: String })
  source!: string;

  @ApiProperty({ type: 'number' })
  released!: number;
}

export class StoreTransferRotateResponse {
  @ApiProperty({ type: String, nullable: true })
  transferPassword!: string | null;

  @ApiProperty({ type: String, nullable: true })
  previousPasswordValidUntil!: string | null;

  @ApiProperty({ type: String })
  setupCode!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  setupCodeExpiresAt!: string;
}

export class StoreTransferSetupCodeResponse {
  @ApiProperty({ type: String })
  setupCode!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  setupCodeExpiresAt!: string;
}
