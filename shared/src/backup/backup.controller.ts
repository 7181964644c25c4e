import { ApiErrors, ApiFileResponse } from '../common/http/api-contract';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseId } from '../common/http/parse-id.pipe';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { RequestContext } from '../common/request-context';
import { BackupAdminService } from './backup-admin.service';
import { BackupListDto, BackupManifestDto, BackupNamePipe, BackupRunDto, CreateBackupDto } from './backup.dto';

@ApiTags('系统设置')
@Controller('admin/backups')
export class BackupController {
  constructor(private readonly backups: BackupAdminService) {}

  @Post()
  @HttpCode(202)
  @RequirePermission('system.backup')
  @ApiOperation({
    summary:
      'Start a backup of this server’s database (数据备份) as a job; answers at once with the run to follow at GET /api/admin/backups/runs/{id}. Older backups beyond BACKUP_KEEP are removed when it is done',
  })
  @ApiAcceptedResponse({ type: BackupRunDto })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateBackupDto) {
    return this.backups.create(ctx, dto);
  }

  @Get('runs/:id')
  @RequirePermission('system.backup')
  @ApiOperation({ summary: 'A backup run: state, progress (tables checksummed, archive bytes, percent), then the backup’s name or why it failed' })
  @ApiOkResponse({ type: BackupRunDto })
  run(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.backups.run(ctx, id);
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
