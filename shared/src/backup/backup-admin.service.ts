import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../common/config';
import { CommonError, DomainException } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { CreateBackupDto } from './backup.dto';
import { BackupError } from './backup.errors';
import { BackupFiles, BackupService } from './backup.service';

/**
 * The admin endpoint's side of backups: who may see what. HQ users see every backup of the server
 * they call; a store user only its own store's, and never HQ's.
 */
@Injectable()
export class BackupAdminService {
  constructor(
    private readonly backups: BackupService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(ctx: RequestContext, dto: CreateBackupDto) {
    this.assertServerInScope(ctx);
    const made = await this.backups.backup({ label: dto.label });
    const pruned = await this.backups.prune(this.config.backupKeep);
    return { ...made.manifest, pruned };
  }

  async list(ctx: RequestContext) {
    this.assertServerInScope(ctx);
    const items = (await this.backups.list()).filter((b) => this.visible(ctx, b)).map((b) => b.manifest);
    return { items, total: items.length };
  }

  async manifest(ctx: RequestContext, name: string) {
    return (await this.find(ctx, name)).manifest;
  }

  async download(ctx: RequestContext, name: string): Promise<StreamableFile> {
    const b = await this.find(ctx, name);
    return new StreamableFile(this.backups.open(b), {
      type: 'application/octet-stream',
      disposition: `attachment; filename="${b.manifest.archive.file}"`,
      length: b.manifest.archive.bytes,
    });
  }

  private async find(ctx: RequestContext, name: string): Promise<BackupFiles> {
    this.assertServerInScope(ctx);
    const b = await this.backups.get(name);
    // another store's backup answers like a missing one
    if (!this.visible(ctx, b)) throw new DomainException(BackupError.BACKUP_NOT_FOUND, `backup ${name} not found / 未找到备份`);
    return b;
  }

  private visible(ctx: RequestContext, b: BackupFiles): boolean {
    return ctx.isHq || (!!b.manifest.orgCode && b.manifest.orgCode === ctx.user?.orgUnitCode);
  }

  private assertServerInScope(ctx: RequestContext): void {
    if (this.config.server === 'hq' && !ctx.isHq) {
      throw new DomainException(CommonError.OUT_OF_SCOPE, 'HQ backups are for HQ users only / 总部备份仅限总部用户');
    }
  }
}
