import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../common/config';
import { JobName } from '../jobs/job-names';
import { JobQueue, OnJob } from '../jobs/job-queue';
import { DomainException } from '../common/errors';
import { BackupRunStore } from './backup-runs';
import { BackupError } from './backup.errors';
import { BackupProgress, BackupService } from './backup.service';
import { APP_NAME_PREFIX, ServerPresence } from './server-presence';

/** The scheduled backup (BACKUP_INTERVAL_HOURS, 0 = off) with retention (BACKUP_KEEP). */
@Injectable()
export class BackupJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('Backup');

  constructor(
    private readonly backups: BackupService,
    private readonly queue: JobQueue,
    private readonly runs: BackupRunStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const hours = this.config.backupIntervalHours;
    if (hours > 0) await this.queue.repeat(JobName.Backup, Math.round(hours * 3_600_000), {});
  }

  @OnJob(JobName.Backup)
  async run(): Promise<void> {
    const made = await this.backups.backup();
    const pruned = await this.backups.prune(this.config.backupKeep);
    this.logger.log({ backup: made.name, bytes: made.manifest.archive.bytes, pruned }, 'scheduled backup written');
  }

  /**
   * A backup asked for over the API: its run file shows the progress (tables checksummed, archive
   * bytes) while pg_dump runs, then the backup's name, or the failure's code and message. Runs
   * once (no retry): the user sees the failure and asks again.
   */
  @OnJob(JobName.BackupRequested)
  async runRequested(payload: { runId: string }): Promise<void> {
    const run = await this.runs.get(payload.runId);
    if (!run || run.state !== 'queued') return; // finished already: a repeated job is harmless
    await this.runs.update(run.id, { state: 'running', startedAt: new Date().toISOString() });
    // progress writes are chained, so a late one never overwrites the final state
    let writes = Promise.resolve();
    const progress = (p: BackupProgress) => {
      writes = writes
        .then(() => this.runs.update(run.id, { ...p }))
        .then(
          () => undefined,
          () => undefined,
        );
    };
    try {
      const made = await this.backups.backup({ label: run.label ?? undefined, onProgress: progress });
      const pruned = await this.backups.prune(this.config.backupKeep);
      await writes;
      const tables = made.manifest.tables.length;
      await this.runs.update(run.id, {
        state: 'done',
        backupName: made.name,
        pruned,
        tablesDone: tables,
        tablesTotal: tables,
        archiveBytes: made.manifest.archive.bytes,
        finishedAt: new Date().toISOString(),
      });
      this.logger.log({ backup: made.name, bytes: made.manifest.archive.bytes, pruned, runId: run.id }, 'requested backup written');
    } catch (e) {
      await writes;
      const known = e instanceof DomainException;
      if (!known || e.status >= 500) this.logger.error({ err: e, runId: run.id }, 'requested backup failed');
      await this.runs.update(run.id, {
        state: 'failed',
        errorCode: known ? e.code : BackupError.BACKUP_FAILED,
        message: known ? e.message : 'the backup stopped on an internal error; see the server log / 备份因内部错误中止，请查看服务器日志',
        finishedAt: new Date().toISOString(),
      });
    } finally {
      await this.runs.sweep().catch(() => undefined);
    }
  }
}

/** Holds the server's presence lock while it runs, so `npm run restore` refuses to pull the database from under it. */
@Injectable()
export class ServerPresenceLock implements OnModuleInit, OnApplicationShutdown {
  private readonly presence: ServerPresence;

  constructor(@InjectDataSource() ds: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.presence = new ServerPresence((ds.options as { url: string }).url, `${APP_NAME_PREFIX}${config.server}`);
  }

  onModuleInit(): Promise<void> {
    return this.presence.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.presence.stop();
  }
}
