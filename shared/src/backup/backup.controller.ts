import { ApiErrors, ApiFileResponse } from '../common/http/api-contract';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequirePermission } from '../common/http/decorators';
import { RequestContext } from '../common/request-context';
import { BackupAdminService } from './backup-admin.service';
import { BackupListDto, BackupManifestDto, BackupNamePipe, CreateBackupDto, CreatedBackupDto } from './backup.dto';

@ApiTags('系统设置')
@Controller('admin/backups')
export class BackupController {
  constructor(private readonly backups: BackupAdminService) {}

  @Post()
  @RequirePermission('system.backup')
  @ApiOperation({ summary: 'Back up this server’s database now (数据备份); older backups beyond BACKUP_KEEP are removed' })
  @ApiOkResponse({ type: CreatedBackupDto })
  @ApiErrors('BACKUP_DATABASE_UNREACHABLE', 'BACKUP_IN_PROGRESS', 'OUT_OF_SCOPE')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateBackupDto) {
    return this.backups.create(ctx, dto);
  }

  @Get()
  @RequirePermission('system.backup')
  @ApiOperation({ summary: 'Backups of this server, newest first, with their manifests' })
  @ApiOkResponse({ type: BackupListDto })
  @ApiErrors('BACKUP_NOT_FOUND', 'OUT_OF_SCOPE')
  list(@Ctx() ctx: RequestContext) {
    return this.backups.list(ctx);
  }

  @Get(':name')
  @RequirePermission('system.backup')
  @ApiOperation({ summary: 'Download a backup archive (pg_dump custom format)' })
  @ApiFileResponse('application/octet-stream', 'the backup archive')
  @ApiErrors('BACKUP_INVALID_NAME', 'BACKUP_NOT_FOUND', 'OUT_OF_SCOPE')
  download(@Ctx() ctx: RequestContext, @Param('name', BackupNamePipe) name: string) {
    return this.backups.download(ctx, name);
  }

  @Get(':name/manifest')
  @RequirePermission('system.backup')
  @ApiOperation({ summary: 'The manifest of a backup (save it beside the archive for a restore)' })
  @ApiOkResponse({ type: BackupManifestDto })
  @ApiErrors('BACKUP_INVALID_NAME', 'BACKUP_NOT_FOUND', 'OUT_OF_SCOPE')
  manifest(@Ctx() ctx: RequestContext, @Param('name', BackupNamePipe) name: string) {
    return this.backups.manifest(ctx, name);
  }
}
