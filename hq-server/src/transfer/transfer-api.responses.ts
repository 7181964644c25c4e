import { SnapshotPositionResponse, WarehouseRef } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response bodies of transfer-api.controller.ts (the OpenAPI contract, docs/api.md). */

export class KdfParamsResponse {
  @ApiProperty({ enum: ['scrypt'] })
  algorithm!: 'scrypt';

  @ApiProperty({ type: 'number' })
  N!: number;

  @ApiProperty({ type: 'number' })
  r!: number;

  @ApiProperty({ type: 'number' })
  p!: number;

  @ApiProperty({ type: 'number' })
  keyLength!: number;
}

export class HelloResultResponse {
  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  salt!: string;

  @ApiProperty({ type: () => KdfParamsResponse })
  kdf!: KdfParamsResponse;

  @ApiProperty({ type: 'number' })
  protocol!: number;

  @ApiProperty({ type: [Number] })
  supportedProtocols!: number[];
}

export class ClaimResultResponse {
  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  salt!: string;

  @ApiProperty({ type: String })
  wrappedKey!: string;
}

export class HandshakeResultResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  storeName!: string;

  @ApiProperty({ type: () => WarehouseRef, isArray: true })
  warehouses!: WarehouseRef[];

  @ApiProperty({ type: 'integer' })
  scopeVersion!: number;

  @ApiProperty({ type: 'number' })
  protocol!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  keyExpiresAt!: string | null;
}

export class SnapshotPageResponse {
  @ApiProperty({ type: () => SnapshotPositionResponse })
  position!: SnapshotPositionResponse;

  @ApiProperty({ type: String })
  stream!: string;

  @ApiProperty({ type: [String] })
  rows!: string[];

  @ApiPropertyOptional({ type: String, description: 'protocol 2: the rows in PostgreSQL’s COPY text format, one line each (the `columns`, in order)' })
  rowsText?: string;

  @ApiPropertyOptional({ type: [String] })
  columns?: string[];

  @ApiPropertyOptional({ type: 'integer' })
  count?: number;

  @ApiProperty({ type: () => SnapshotPositionResponse, nullable: true })
  next!: SnapshotPositionResponse | null;

  @ApiProperty({ type: [String] })
  streams!: string[];
}

export class IncarnationInfoResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  origin!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  backupCreatedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class CheckResultResponse {
  @ApiProperty({ type: () => IncarnationInfoResponse, nullable: true })
  hqIncarnation!: IncarnationInfoResponse | null;

  @ApiProperty({ type: Boolean })
  storeBehind!: boolean;

  @ApiProperty({ type: Boolean })
  hqBehind!: boolean;
}

export class ReconcileRecordResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  stream!: string;

  @ApiProperty({ type: String, nullable: true })
  seq!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  body!: Record<string, unknown>;
}

export class NumberMarkResponse {
  @ApiProperty({ type: String })
  series!: string;

  @ApiProperty({ type: 'number' })
  last!: number;
}

export class ReconcilePageResponse {
  @ApiProperty({ type: () => ReconcileRecordResponse, isArray: true })
  records!: ReconcileRecordResponse[];

  @ApiProperty({ type: String, nullable: true })
  next!: string | null;

  @ApiPropertyOptional({ type: () => NumberMarkResponse, isArray: true })
  highWater?: NumberMarkResponse[];

  @ApiPropertyOptional({ type: String, nullable: true })
  maxSeq?: string | null;
}

export class PushResultResultResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['conflict', 'stored', 'duplicate'] })
  outcome!: 'conflict' | 'stored' | 'duplicate';

  @ApiProperty({ type: String, format: 'date-time' })
  receivedAt!: string;
}

export class PushResultResponse {
  @ApiProperty({ type: () => PushResultResultResponse, isArray: true })
  results!: PushResultResultResponse[];
}

export class ChangeSetResponse {
  @ApiProperty({ type: String, example: 'catalog.product' })
  stream!: string;

  @ApiProperty({ type: [String], description: 'each row as JSON text, exactly as HQ’s database wrote it' })
  upserts!: string[];

  @ApiProperty({ type: [String], description: 'row keys removed' })
  removes!: string[];
}

/**
 * A pull answers changes after the cursor (`kind: changes`) or, when the store must start over,
 * that a snapshot is needed (`kind: snapshot-required`, with the reason). Fields of the other kind
 * are absent.
 */
export class PullPageResponse {
  @ApiProperty({ enum: ['changes', 'snapshot-required'] })
  kind!: 'changes' | 'snapshot-required';

  @ApiProperty({ type: 'integer' })
  scopeVersion!: number;

  @ApiPropertyOptional({ type: String, description: 'changes: the cursor the page starts after' })
  from?: string;

  @ApiPropertyOptional({ type: String, description: 'changes: the cursor to pull after next' })
  cursor?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'changes: more pages follow' })
  hasMore?: boolean;

  @ApiPropertyOptional({ type: () => ChangeSetResponse, isArray: true, description: 'changes: per stream' })
  changes?: ChangeSetResponse[];

  @ApiPropertyOptional({ enum: ['new-store', 'scope-changed', 'too-far-behind', 'cursor-regressed', 'hq-restored'], description: 'snapshot-required: why' })
  reason?: 'new-store' | 'scope-changed' | 'too-far-behind' | 'cursor-regressed' | 'hq-restored';
}
