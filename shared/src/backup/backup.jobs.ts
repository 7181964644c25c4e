import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../common/config';
import { JobName } from '../jobs/job-names';
import { JobQueue, OnJob } from '../jobs/job-queue';
import { BackupService } from './backup.service';
import { APP_NAME_PREFIX, ServerPresence } from './server-presence';

/** The scheduled backup (BACKUP_INTERVAL_HOURS, 0 = off) with retention (BACKUP_KEEP). */
@Injectable()
export class BackupJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('Backup');

  constructor(
    private readonly backups: BackupService,
    private readonly queue: JobQueue,
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
