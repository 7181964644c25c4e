import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import type { SnapshotPosition } from './transfer.contracts';

/**
 * Transfer-protocol bodies both servers take: one class each, so HQ and the store check the same
 * wire shape with the same rules (issue 25 §6). Kept out of `./index.ts`: the CLI's entry loads no
 * Nest or class-validator.
 */

/** A change-feed position: `<xid8>:<seq>` (transfer.contracts.ts). */
export const CURSOR_PATTERN = /^\d{1,20}:\d{1,20}$/;

/** Where a snapshot continues: HQ reads it in a snapshot request, a store in a snapshot page it applies. */
export class SnapshotPositionDto implements SnapshotPosition {
  @ApiProperty({ example: '1234:0' })
  @Matches(CURSOR_PATTERN)
  cursor!: string;

  @ApiProperty()
  @IsInt()
  @Min(0)
  scopeVersion!: number;

  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(1000)
  streamIndex!: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  afterKey!: string | null;
}

export const STORE_EVENT_LEVELS = ['info', 'warn', 'error'] as const;
export type StoreEventLevel = (typeof STORE_EVENT_LEVELS)[number];

/**
 * A 门店日志 event: what a store user or module writes at the store (`POST /sync/events`), and the
 * part of the `store.event-log` record HQ keeps (HQ's record body adds when, which store and data).
 */
export class StoreEventDto {
  @ApiProperty({ enum: [...STORE_EVENT_LEVELS] })
  @IsIn([...STORE_EVENT_LEVELS])
  level!: StoreEventLevel;

  @ApiProperty({ example: 'note' })
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{0,63}$/)
  kind!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 500)
  message!: string;
}
