import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PUSH_MAX_RECORDS, SnapshotPositionDto, CURSOR_PATTERN } from '@chain-erp/shared';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
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

/** 门店系统初始化 */
export class SetupDto {
  @ApiPropertyOptional({ example: 'http://hq.example.com:3000', description: 'HQ address (not needed with a setup code)' })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(300)
  hqUrl?: string;

  @ApiPropertyOptional({ example: 'S001', description: 'store code (not needed with a setup code)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 16)
  @Matches(CODE)
  storeCode?: string;

  @ApiProperty({ example: 'S001-01', description: 'the warehouse this server sells from' })
  @IsString()
  @IsPlainText()
  @Length(1, 32)
  @Matches(CODE)
  warehouseCode: string;

  @ApiPropertyOptional({ description: 'transfer password (or a setup code)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 128)
  transferPassword?: string;

  @ApiPropertyOptional({ description: 'one-time setup code from HQ (replaces address, store code and password)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(20, 1000)
  setupCode?: string;
}

export class ChangeKeyDto {
  @ApiPropertyOptional({ description: 'the new transfer password' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 128)
  transferPassword?: string;

  @ApiPropertyOptional({ description: 'or a new setup code' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(20, 1000)
  setupCode?: string;
}

export class ResetDto {
  @ApiProperty({ description: 'the store code, to confirm' })
  @IsString()
  @IsPlainText()
  @Length(1, 16)
  confirmStoreCode: string;
}

export class SyncDto {
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  push?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  pull?: boolean;
}

// ——— the local API the transfer tool drives (signed with the store key) ———

export class ChangeSetDto {
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  stream: string;

  @ApiProperty({ type: [String], description: 'rows as JSON text' })
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  upserts: string[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  removes: string[];
}

export class ChangesPageDto {
  @ApiProperty({ enum: ['changes'] })
  @IsIn(['changes'])
  kind: 'changes';

  @ApiProperty()
  @Matches(CURSOR_PATTERN)
  from: string;

  @ApiProperty()
  @Matches(CURSOR_PATTERN)
  cursor: string;

  @ApiProperty()
  @IsBoolean()
  hasMore: boolean;

  @ApiProperty()
  @IsInt()
  @Min(0)
  scopeVersion: number;

  @ApiProperty({ type: [ChangeSetDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChangeSetDto)
  changes: ChangeSetDto[];
}

export class SnapshotPageDto {
  @ApiProperty({ type: SnapshotPositionDto })
  @ValidateNested()
  @Type(() => SnapshotPositionDto)
  position: SnapshotPositionDto;

  @ApiProperty()
  @IsString()
  @MaxLength(64)
  stream: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  rows: string[];

  @ApiPropertyOptional({ description: 'protocol 2: the rows in PostgreSQL COPY text format, one per line, the `columns` in order (instead of rows)' })
  @IsOptional()
  @IsString()
  rowsText?: string;

  @ApiPropertyOptional({ type: [String], description: 'protocol 2: the columns of each line after the key' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(63, { each: true })
  columns?: string[];

  @ApiPropertyOptional({ description: 'protocol 2: how many lines rowsText holds' })
  @IsOptional()
  @IsInt()
  @Min(0)
  count?: number;

  @ApiPropertyOptional({ type: SnapshotPositionDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SnapshotPositionDto)
  next: SnapshotPositionDto | null;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  streams: string[];
}

export class OutboxQueryDto {
  @ApiProperty()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  stream: string;

  @ApiProperty({ minimum: 1, maximum: PUSH_MAX_RECORDS })
  @IsInt()
  @Min(1)
  @Max(PUSH_MAX_RECORDS)
  limit: number;

  @ApiPropertyOptional({ description: 'only records after this outbox seq (the engine’s next window)', example: '4711' })
  @IsOptional()
  @Matches(/^\d{1,19}$/)
  after?: string;
}

export class AckDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ enum: ['stored', 'duplicate', 'conflict'] })
  @IsIn(['stored', 'duplicate', 'conflict'])
  outcome: 'stored' | 'duplicate' | 'conflict';

  @ApiProperty()
  @IsISO8601()
  receivedAt: string;
}

export class AcksDto {
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  stream: string;

  @ApiProperty({ type: [AckDto] })
  @IsArray()
  @ArrayMaxSize(PUSH_MAX_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => AckDto)
  results: AckDto[];
}

export class StreamReportDto {
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  stream: string;

  @ApiProperty({ enum: ['pull', 'push'] })
  @IsIn(['pull', 'push'])
  direction: 'pull' | 'push';

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  error: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  blockedRecordId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, example: '2026-12-01T08:15:00.000Z', description: 'HQ locked this address out until then' })
  @IsOptional()
  @IsISO8601({ strict: true })
  lockedUntil?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  count?: number;
}

export class ReportDto {
  @ApiProperty({ type: [StreamReportDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => StreamReportDto)
  reports: StreamReportDto[];
}

export class RestoreBeginDto {
  @ApiProperty({ enum: ['detected'] })
  @IsIn(['detected'])
  origin: 'detected';
}

export class RestoreRecordDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty()
  @IsString()
  @MaxLength(64)
  stream: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  seq: string | null;

  @ApiProperty({ type: Object })
  @IsObject()
  body: Record<string, unknown>;
}

export class RestoreApplyDto {
  @ApiProperty({ type: [RestoreRecordDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => RestoreRecordDto)
  records: RestoreRecordDto[];
}

export class NumberMarkDto {
  @ApiProperty({ example: 'SALE-S001-01-20261207' })
  @IsString()
  @MaxLength(80)
  series: string;

  @ApiProperty()
  @IsInt()
  @Min(0)
  last: number;
}

export class RestoreFinishDto {
  @ApiProperty({ type: [NumberMarkDto] })
  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => NumberMarkDto)
  highWater: NumberMarkDto[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  maxSeq: string | null;
}

export class HqChangedDto {
  @ApiPropertyOptional({ nullable: true, type: Object })
  @IsOptional()
  @IsObject()
  incarnation: { id: string; origin: string; backupCreatedAt: string | null; createdAt: string } | null;

  @ApiProperty()
  @IsBoolean()
  recover: boolean;
}

/** 测试连接 in the first-run wizard: the HQ address to try (and the store code, if known). */
export class ConnectionTestDto {
  @ApiProperty({ example: 'http://hq.example.com:3000' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(300)
  hqUrl: string;

  @ApiPropertyOptional({ example: 'S001' })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  @Matches(CODE)
  storeCode?: string;
}

export class ConnectionTestResultDto {
  @ApiProperty({ example: 'http://hq.example.com:3000' })
  hqUrl: string;
  @ApiProperty({ description: "HQ's preferred transfer protocol", example: 2 })
  hqProtocol: number;
  @ApiProperty({ type: [Number], description: 'protocols HQ speaks' })
  hqProtocols: number[];
  @ApiProperty({ type: [Number], description: 'protocols this store server speaks' })
  storeProtocols: number[];
  @ApiProperty({ description: 'milliseconds HQ took to answer' })
  elapsedMs: number;
}

/** How far the running (or the last) sync has come: 首次同步 progress in the wizard, 同步 screen. */
export class SyncProgressDto {
  @ApiProperty({ description: 'why it ran: setup, manual, schedule, job' })
  reason: string;
  @ApiProperty({ enum: ['starting', 'push', 'pull', 'snapshot', 'reconcile', 'done', 'failed'] })
  phase: 'starting' | 'push' | 'pull' | 'snapshot' | 'reconcile' | 'done' | 'failed';
  @ApiProperty({ nullable: true, type: String, description: 'the stream being handled' })
  stream: string | null;
  @ApiProperty({ description: 'pages received from HQ (snapshot and changes)' })
  pages: number;
  @ApiProperty({ description: 'rows received from HQ and applied' })
  rows: number;
  @ApiProperty({ description: 'records sent to HQ' })
  pushed: number;
  @ApiProperty()
  startedAt: string;
  @ApiProperty({ nullable: true, type: String })
  finishedAt: string | null;
}

export class SetupProgressDto {
  @ApiProperty({ description: 'a sync is running now' })
  running: boolean;
  @ApiProperty({ type: SyncProgressDto, nullable: true, description: 'the first sync (setup), while it runs and after' })
  progress: SyncProgressDto | null;
}
