import { SnapshotPositionResponse } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response bodies of store-transfer.controllers.ts (the OpenAPI contract, docs/api.md). */

export class SetupStateResponse {
  @ApiProperty({ type: Boolean })
  initialised!: boolean;

  @ApiProperty({ type: String, nullable: true })
  storeCode!: string | null;

  @ApiProperty({ type: String, nullable: true })
  hqUrl!: string | null;
}

export class ReconcileSummaryResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  incarnationId!: string;

  @ApiProperty({ type: String })
  origin!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  taken!: Record<string, unknown>;

  @ApiProperty({ type: 'number' })
  shiftsClosed!: number;

  @ApiProperty({ type: 'number' })
  shiftsRecovered!: number;

  @ApiProperty({ type: 'number' })
  numbersRaised!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  reconciledAt!: string;
}

export class SyncReportRecoveryHqResponse {
  @ApiProperty({ enum: ['hq-restored'] })
  reason!: 'hq-restored';

  @ApiProperty({ type: 'number' })
  requeued!: number;
}

export class SyncReportRecoveryResponse {
  @ApiProperty({ type: () => ReconcileSummaryResponse, nullable: true })
  store!: ReconcileSummaryResponse | null;

  @ApiProperty({ type: () => SyncReportRecoveryHqResponse, nullable: true })
  hq!: SyncReportRecoveryHqResponse | null;
}

export class SyncReportPulledResponse {
  @ApiProperty({ type: 'integer' })
  pages!: number;

  @ApiProperty({ type: 'integer' })
  rows!: number;

  @ApiProperty({ type: 'number' })
  skipped!: number;

  @ApiProperty({ type: 'number' })
  removed!: number;
}

export class SyncReportSnapshotResponse {
  @ApiProperty({ enum: ['new-store', 'scope-changed', 'too-far-behind', 'cursor-regressed', 'hq-restored', 'resumed'] })
  reason!: 'new-store' | 'scope-changed' | 'too-far-behind' | 'cursor-regressed' | 'hq-restored' | 'resumed';

  @ApiProperty({ type: 'integer' })
  pages!: number;

  @ApiProperty({ type: 'integer' })
  rows!: number;
}

export class SyncReportErrorResponse {
  @ApiProperty({ type: String })
  stream!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  message!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid' })
  recordId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
}

export class SyncReportResponse {
  @ApiProperty({ type: Boolean })
  ok!: boolean;

  @ApiProperty({ type: () => SyncReportRecoveryResponse, nullable: true })
  recovery!: SyncReportRecoveryResponse | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  pushed!: Record<string, unknown>;

  @ApiProperty({ type: () => SyncReportPulledResponse })
  pulled!: SyncReportPulledResponse;

  @ApiProperty({ type: () => SyncReportSnapshotResponse, nullable: true })
  snapshot!: SyncReportSnapshotResponse | null;

  @ApiProperty({ type: String, nullable: true })
  cursor!: string | null;

  @ApiProperty({ type: () => SyncReportErrorResponse, isArray: true })
  errors!: SyncReportErrorResponse[];
}

export class SetupRunResponse {
  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String })
  hqUrl!: string;

  @ApiProperty({ type: String })
  warehouseCode!: string;

  @ApiProperty({ type: () => SyncReportResponse })
  firstSync!: SyncReportResponse;
}

export class SyncStatusRestoreResponse {
  @ApiProperty({ type: Boolean })
  pending!: boolean;

  @ApiProperty({ type: String, nullable: true })
  backupName!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reconciledAt!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  summary!: Record<string, unknown> | null;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  origin!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  backupCreatedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class StreamStatusResponse {
  @ApiProperty({ type: String })
  stream!: string;

  @ApiProperty({ enum: ['push', 'pull'] })
  direction!: 'push' | 'pull';

  @ApiProperty({ type: String, nullable: true })
  cursor!: string | null;

  @ApiProperty({ type: 'number' })
  backlog!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastContactAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSuccessAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  blockedRecordId!: string | null;

  @ApiProperty({ type: 'integer' })
  rowsApplied!: number;

  @ApiProperty({ type: String, nullable: true })
  lockedUntil!: string | null;

  @ApiPropertyOptional({ type: 'number' })
  conflicts?: number;
}

export class SyncStatusResponse {
  @ApiProperty({ type: Boolean })
  initialised!: boolean;

  @ApiProperty({ type: String, nullable: true })
  storeCode!: string | null;

  @ApiProperty({ type: String, nullable: true })
  hqUrl!: string | null;

  @ApiProperty({ type: String, nullable: true })
  warehouseCode!: string | null;

  @ApiProperty({ type: Boolean })
  running!: boolean;

  @ApiProperty({ type: String, nullable: true })
  hqLockedUntil!: string | null;

  @ApiProperty({ type: () => SyncStatusRestoreResponse, nullable: true })
  restore!: SyncStatusRestoreResponse | null;

  @ApiProperty({ type: () => StreamStatusResponse, isArray: true })
  streams!: StreamStatusResponse[];

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  lastRun!: Record<string, unknown> | null;
}

export class SyncEventResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
}

export class LocalTransferInfoResponse {
  @ApiProperty({ type: Boolean })
  initialised!: boolean;

  @ApiProperty({ type: String, nullable: true })
  storeCode!: string | null;

  @ApiProperty({ type: String, nullable: true })
  hqUrl!: string | null;
}

export class LocalSyncStateResponse {
  @ApiProperty({ type: Boolean })
  initialised!: boolean;

  @ApiProperty({ type: String, nullable: true })
  storeCode!: string | null;

  @ApiProperty({ type: String, nullable: true })
  hqUrl!: string | null;

  @ApiProperty({ type: String, nullable: true })
  cursor!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  scopeVersion!: number | null;

  @ApiProperty({ type: () => SnapshotPositionResponse, nullable: true })
  snapshot!: SnapshotPositionResponse | null;

  @ApiProperty({ type: 'number' })
  outboxBacklog!: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  incarnation?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  outboxSeq?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  hqIncarnation?: string | null;
}

export class OutboxRecordResponse {
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ type: String })
  seq?: string;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  stream!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  body!: Record<string, unknown>;
}

export class LocalTransferOutboxResponse {
  @ApiProperty({ type: () => OutboxRecordResponse, isArray: true })
  items!: OutboxRecordResponse[];
}

export class LocalTransferStatusResponse {
  @ApiProperty({ type: () => StreamStatusResponse, isArray: true })
  streams!: StreamStatusResponse[];
}

export class LocalTransferRestoreApplyResponse {
  @ApiProperty({ type: 'number' })
  taken!: number;

  @ApiProperty({ type: 'number' })
  skipped!: number;
}

export class LocalTransferHqChangedResponse {
  @ApiProperty({ type: 'number' })
  requeued!: number;
}

/**
 * What applying a page did: `applied` (rows written, skipped, removed, the new cursor) or `stale`
 * (the page does not start where the store is: nothing written). Fields of the other outcome are absent.
 */
export class ApplyResultResponse {
  @ApiProperty({ enum: ['applied', 'stale'] })
  outcome!: 'applied' | 'stale';

  @ApiPropertyOptional({ type: 'integer' })
  rows?: number;

  @ApiPropertyOptional({ type: 'integer' })
  skipped?: number;

  @ApiPropertyOptional({ type: 'integer' })
  removed?: number;

  @ApiPropertyOptional({ type: String, description: 'applied: the store’s cursor now' })
  cursor?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'stale: the cursor the store expected' })
  expected?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'stale: the cursor the page started at' })
  actual?: string | null;
}
