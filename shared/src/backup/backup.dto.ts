import { IsPlainText } from '../common/text';
import { PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, ValidateIf } from 'class-validator';
import { DomainException } from '../common/errors';
import { BackupError } from './backup.errors';
import { BACKUP_LABEL_PATTERN, BACKUP_NAME_PATTERN } from './backup.manifest';

export class CreateBackupDto {
  // null is refused too (IsOptional would let it through)
  @ValidateIf((o: CreateBackupDto) => o.label !== undefined)
  @IsString()
  @IsPlainText()
  @Matches(BACKUP_LABEL_PATTERN, { message: 'label: 1–40 lower-case letters, digits and dashes' })
  @ApiPropertyOptional({ example: 'before-price-import', description: 'a note kept in the manifest' })
  label?: string;
}

/** `@Param('name', BackupNamePipe)`: only the backup name shape passes, so no path can escape the backup folder. */
export class BackupNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !BACKUP_NAME_PATTERN.test(value)) {
      throw new DomainException(BackupError.BACKUP_INVALID_NAME, 'not a backup name / 备份名称无效', [{ field: 'name', message: 'must look like hq-HQ-20260101T020000000Z' }]);
    }
    return value;
  }
}

export class BackupTableDto {
  @ApiProperty({ example: 'public.product' }) table: string;
  @ApiProperty() rows: number;
  @ApiProperty({ description: 'content checksum of the rows' }) checksum: string;
}

/** The backup's archive file (pg_dump's custom format) beside its manifest. */
export class BackupArchiveDto {
  @ApiProperty({ example: 'hq-HQ-20261122T020000000Z.dump' }) file: string;
  @ApiProperty({ type: 'integer', example: 123456 }) bytes: number;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'SHA-256 of the file, hex' }) sha256: string;
}

export class BackupManifestDto {
  @ApiProperty({ example: 'chain-erp-backup/1' }) format: string;
  @ApiProperty({ example: 'hq-HQ-20261122T020000000Z' }) name: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ enum: ['hq', 'store'] }) server: string;
  @ApiProperty({ nullable: true, type: String }) orgCode: string | null;
  @ApiPropertyOptional() label?: string;
  @ApiProperty({ nullable: true, type: String, description: 'last applied migration' }) schemaVersion: string | null;
  @ApiProperty() database: string;
  @ApiProperty() postgresVersion: string;
  @ApiProperty({ type: () => BackupArchiveDto }) archive: BackupArchiveDto;
  @ApiProperty({ type: [BackupTableDto] }) tables: BackupTableDto[];
}

export class BackupListDto {
  @ApiProperty({ type: [BackupManifestDto] }) items: BackupManifestDto[];
  @ApiProperty() total: number;
}

export class BackupRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) state: string;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'whose backup: HQ, or the store code' }) orgCode: string | null;
  @ApiProperty({ description: 'tables counted and checksummed in the snapshot so far' }) tablesDone: number;
  @ApiProperty({ description: 'tables of the database (0 until the snapshot is open)' }) tablesTotal: number;
  @ApiProperty({ description: 'bytes of the archive written so far' }) archiveBytes: number;
  @ApiProperty({ description: '0–100; 100 only when the backup is complete' }) percent: number;
  @ApiProperty({ nullable: true, type: String, description: 'the backup made, once done: download it at GET /api/admin/backups/{name}' }) backupName: string | null;
  @ApiProperty({ type: [String], description: 'older backups removed by retention (BACKUP_KEEP)' }) pruned: string[];
  @ApiProperty({ nullable: true, type: String, description: 'why it failed (state failed)' }) errorCode: string | null;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}
