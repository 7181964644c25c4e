import { ApiSchemaModels, SnapshotPositionResponse } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { SyncProgressDto } from './store-transfer.dto';

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

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'per stream: the records HQ held that the store took back' })
  taken!: Record<string, number>;

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

/** Per stream, what a push did (`SyncReport.pushed`). */
export class PushCountsResponse {
  @ApiProperty({ type: 'integer', description: 'records HQ stored' })
  stored!: number;

  @ApiProperty({ type: 'integer', description: 'records HQ had already (a retry)' })
  duplicate!: number;

  @ApiPropertyOptional({ type: 'integer', description: 'only when some were: ids HQ had received with another body (kept there as refused records)' })
  conflict?: number;
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

  @ApiPropertyOptional({
    type: 'object',
    properties: {
      lockedUntil: { type: 'string', format: 'date-time', description: 'TRANSFER_LOCKED: HQ refuses the store’s address until then' },
      triesLeft: { type: 'integer', description: 'a failed signature: tries left before HQ locks the address out' },
    },
    additionalProperties: true,
    description: 'the machine-readable facts of HQ’s error: the ones the store acts on are named; HQ may add others (a constraint, a product and its available quantity…)',
  })
  details?: { lockedUntil?: string; triesLeft?: number } & Record<string, unknown>;
}

@ApiSchemaModels(PushCountsResponse)
export class SyncReportResponse {
  @ApiProperty({ type: Boolean })
  ok!: boolean;

  @ApiProperty({ type: () => SyncReportRecoveryResponse, nullable: true })
  recovery!: SyncReportRecoveryResponse | null;

  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(PushCountsResponse) }, description: 'per stream: what the push did' })
  pushed!: Record<string, PushCountsResponse>;

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

/**
 * What the reconciliation did so far (kept with the incarnation, so a reconciliation cut off resumes
 * with it): `taken` and `shiftsClosed` while it runs, the whole `ReconcileSummary` once it is done.
 */
export class RestoreSummaryResponse {
  @ApiPropertyOptional({ type: String, format: 'uuid' })
  incarnationId?: string;

  @ApiPropertyOptional({ type: String })
  origin?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, description: 'per stream: the records HQ held that the store took back' })
  taken?: Record<string, number>;

  @ApiPropertyOptional({ type: 'integer' })
  shiftsClosed?: number;

  @ApiPropertyOptional({ type: 'integer' })
  shiftsRecovered?: number;

  @ApiPropertyOptional({ type: 'integer' })
  numbersRaised?: number;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  reconciledAt?: string;
}

export class SyncStatusRestoreResponse {
  @ApiProperty({ type: Boolean })
  pending!: boolean;

  @ApiProperty({ type: String, nullable: true })
  backupName!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reconciledAt!: string | null;

  @ApiProperty({ type: () => RestoreSummaryResponse, nullable: true, description: 'null until the reconciliation takes a record' })
  summary!: RestoreSummaryResponse | null;

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

/** The last sync run: its report, when it ended and why it ran. */
export class SyncLastRunResponse extends SyncReportResponse {
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ type: String, description: 'what started it (`schedule`, `manual`, `setup`…)' })
  reason!: string;
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

  @ApiProperty({ type: () => SyncLastRunResponse, nullable: true, description: 'the last sync run’s report, null before the first' })
  lastRun!: SyncLastRunResponse | null;

  @ApiProperty({ type: () => SyncProgressDto, nullable: true, description: 'how far the running sync has come, or the last one' })
  progress!: SyncProgressDto | null;
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

/** The store database's incarnation: `pending` while a restored store has not reconciled with HQ. */
export class LocalIncarnationResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, description: '`created`, `restored` or `detected`' })
  origin!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  backupCreatedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: Boolean })
  pending!: boolean;
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

  @ApiPropertyOptional({ type: () => LocalIncarnationResponse, nullable: true, description: 'the database’s incarnation (null before the first migration ran)' })
  incarnation?: LocalIncarnationResponse | null;

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
