import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../common/config';
import { CommonError, DomainException } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { CreateBackupDto } from './backup.dto';
import { BackupError } from './backup.errors';
import { BackupFiles, BackupService } from './backup.service';
import { JobName } from '../jobs/job-names';
import { JobQueue } from '../jobs/job-queue';
import { BackupRun, BackupRunStore, runPercent } from './backup-runs';

export type BackupRunView = Omit<BackupRun, 'requestedBy'> & { percent: number };

function runView(run: BackupRun): BackupRunView {
  const { requestedBy: _who, ...rest } = run;
  return { ...rest, percent: runPercent(run) };
}

/**
 * The admin endpoint's side of backups: who may see what. HQ users see every backup of the server
 * they call; a store user only its own store's, and never HQ's.
 */
@Injectable()
export class BackupAdminService {
  constructor(
    private readonly backups: BackupService,
    private readonly runs: BackupRunStore,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts a backup as a job and answers at once with its run (202): pg_dump of a large database
   * takes minutes, longer than a request may wait. Follow it with `run()`; one at a time.
   */
  async create(ctx: RequestContext, dto: CreateBackupDto): Promise<BackupRunView> {
    this.assertServerInScope(ctx);
    const active = await this.runs.active();
    if (active) {
      throw new DomainException(BackupError.BACKUP_IN_PROGRESS, 'another backup of this database is running; follow it / 另一个备份正在进行', undefined, {
        runId: this.visibleRun(ctx, active) ? active.id : undefined,
      });
    }
    const run = await this.runs.create({
      label: dto.label ?? null,
      orgCode: this.config.server === 'hq' ? 'HQ' : (ctx.user?.orgUnitCode ?? null),
      requestedBy: ctx.userId ?? null,
    });
    await this.jobs.enqueue(JobName.BackupRequested, { runId: run.id }, { jobId: `backup-run-${run.id}`, attempts: 1 });
    return runView(run);
  }

  /** A backup run's state and progress; another store's run answers like a missing one. */
  async run(ctx: RequestContext, id: string): Promise<BackupRunView> {
    this.assertServerInScope(ctx);
    const run = await this.runs.get(id);
    if (!run || !this.visibleRun(ctx, run)) throw new DomainException(BackupError.BACKUP_NOT_FOUND, `backup run ${id} not found / 未找到备份任务`);
    return runView(run);
  }

  private visibleRun(ctx: RequestContext, run: BackupRun): boolean {
    return ctx.isHq || (!!run.orgCode && run.orgCode === ctx.user?.orgUnitCode);
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
