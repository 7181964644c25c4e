import { ApiProperty } from '@nestjs/swagger';
import type { SnapshotPosition } from './transfer.contracts';

/**
 * Transfer-protocol answers both servers document (HQ's snapshot pages, a store's sync state):
 * one class each, so the documents and the client share one schema.
 */
export class SnapshotPositionResponse implements SnapshotPosition {
  @ApiProperty({ type: String, description: 'where pulling continues once the snapshot is complete' })
  cursor!: string;

  @ApiProperty({ type: 'integer' })
  scopeVersion!: number;

  @ApiProperty({ type: 'integer' })
  streamIndex!: number;

  @ApiProperty({ type: String, nullable: true })
  afterKey!: string | null;
}
