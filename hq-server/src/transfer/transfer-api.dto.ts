import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PUSH_MAX_RECORDS, SNAPSHOT_STREAM_MAX_LIMIT, SnapshotPositionDto, CURSOR_PATTERN } from '@chain-erp/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class CheckRequestDto {
  @ApiPropertyOptional({ nullable: true, format: 'uuid', description: 'the store database’s current incarnation' })
  @IsOptional()
  @IsUUID()
  incarnationId: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '1234', description: 'the last position the store’s outbox gave a record' })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/)
  outboxSeq: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '1234:567' })
  @IsOptional()
  @Matches(CURSOR_PATTERN)
  cursor: string | null;
}

export class ReconcileRequestDto {
  @ApiPropertyOptional({ nullable: true, description: 'records HQ received from this time on; null: all' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'the previous page’s `next`' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  after: string | null;

  @ApiProperty({ minimum: 1, maximum: 5000 })
  @IsInt()
  @Min(1)
  @Max(5000)
  limit: number;
}

export class PullRequestDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: '1234:567', description: 'the last cursor applied; null before the first snapshot' })
  @IsOptional()
  @Matches(CURSOR_PATTERN)
  cursor: string | null;

  @ApiProperty({ minimum: 1, maximum: 5000 })
  @IsInt()
  @Min(1)
  @Max(5000)
  limit: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  scopeVersion: number | null;

  @ApiPropertyOptional({ minimum: 0, description: 'records waiting in the store outbox' })
  @IsOptional()
  @IsInt()
  @Min(0)
  outboxBacklog?: number;

  @ApiPropertyOptional({ nullable: true, description: 'the store’s last sync error, for HQ’s health list' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  lastError?: string | null;
}

export class SnapshotRequestDto {
  @ApiPropertyOptional({ type: SnapshotPositionDto, nullable: true, description: 'null starts a new snapshot' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SnapshotPositionDto)
  position: SnapshotPositionDto | null;

  @ApiProperty({ minimum: 1, maximum: 5000 })
  @IsInt()
  @Min(1)
  @Max(5000)
  limit: number;
}

/** Protocol 2 (streamed pages): the same request, pages of up to SNAPSHOT_STREAM_MAX_LIMIT rows. */
export class SnapshotStreamRequestDto {
  @ApiPropertyOptional({ type: SnapshotPositionDto, nullable: true, description: 'null starts a new snapshot' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SnapshotPositionDto)
  position: SnapshotPositionDto | null;

  @ApiProperty({ minimum: 1, maximum: SNAPSHOT_STREAM_MAX_LIMIT })
  @IsInt()
  @Min(1)
  @Max(SNAPSHOT_STREAM_MAX_LIMIT)
  limit: number;
}

export class PushRecordDto {
  @ApiProperty({ format: 'uuid', description: 'the record UUID, born at the store: the idempotency key' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: 'store.event-log' })
  @IsString()
  @Matches(/^[a-z][a-z0-9.-]{0,63}$/)
  stream: string;

  @ApiProperty({ type: Object, description: 'validated by the stream’s handler' })
  @IsObject()
  body: Record<string, unknown>;

  @ApiPropertyOptional({ example: '1234', description: 'the record’s position in the store’s outbox (a store that lost positions HQ holds must reconcile first)' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,17}$/)
  seq?: string;
}

/** A push's body: checked by TransferApiService.parsePush (same rules, without class-validator's cost per record), not by the global pipe. */
export class PushRequestDto {
  @ApiProperty({ type: [PushRecordDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PUSH_MAX_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => PushRecordDto)
  records: PushRecordDto[];
}

export class ClaimDto {
  @ApiProperty({ example: 'S001' })
  @IsString()
  @Length(1, 16)
  @IsPlainText()
  storeCode: string;

  @ApiProperty({ description: 'sha256 of the setup token (the token itself never travels)' })
  @Matches(/^[0-9a-f]{64}$/)
  tokenId: string;
}

export class StoreCodeParam {
  @ApiProperty({ example: 'S001' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,16}$/)
  storeCode: string;
}

export class EmptyBodyDto {}
