import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of catalog.controllers.ts (the OpenAPI contract, docs/api.md). */

export class CatalogImportResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  entity!: string;

  @ApiProperty({ type: String })
  mode!: string;

  @ApiProperty({ enum: ['queued', 'running', 'validated', 'committed', 'rejected', 'failed'] })
  state!: 'queued' | 'running' | 'validated' | 'committed' | 'rejected' | 'failed';

  @ApiProperty({ type: String })
  fileName!: string;

  @ApiProperty({ type: String })
  fileSize!: string;

  @ApiProperty({ type: String })
  format!: string;

  @ApiProperty({ type: String, nullable: true })
  encoding!: string | null;

  @ApiProperty({ type: String, nullable: true })
  delimiter!: string | null;

  @ApiProperty({ type: 'number' })
  headerRow!: number;

  @ApiProperty({ type: 'integer' })
  headerRows!: number;

  @ApiProperty({ type: 'integer' })
  rowsRead!: number;

  @ApiProperty({ type: 'integer' })
  rowsValid!: number;

  @ApiProperty({ type: 'integer' })
  rowsFailed!: number;

  @ApiProperty({ type: 'number' })
  created!: number;

  @ApiProperty({ type: 'number' })
  updated!: number;

  @ApiProperty({ type: 'number' })
  unchanged!: number;

  @ApiProperty({ type: [String] })
  ignoredHeaders!: string[];

  @ApiProperty({ type: String, nullable: true })
  errorCode!: string | null;

  @ApiProperty({ type: String, nullable: true })
  message!: string | null;

  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  createdByName!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  orgUnitId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}
