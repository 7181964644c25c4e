import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../common/config';
import { BackupAdminService } from './backup-admin.service';
import { BackupController } from './backup.controller';
import { BackupJobs, ServerPresenceLock } from './backup.jobs';
import { BackupRunStore } from './backup-runs';
import { BackupService } from './backup.service';

/**
 * Backups on both servers: the admin endpoint, the scheduled job and the requested one (list
 * JobName.Backup and JobName.BackupRequested in the server's jobs.ts) and the presence lock that restores check.
 */
@Module({
  controllers: [BackupController],
  providers: [
    {
      provide: BackupService,
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: (config: AppConfig, ds: DataSource) =>
        new BackupService({
          databaseUrl: (ds.options as { url: string }).url,
          server: config.server,
          backupDir: config.backupDir,
          pgBinDir: config.pgBinDir,
          migrations: { [config.server]: ds.migrations.map((m) => m.name ?? m.constructor.name) },
        }),
    },
    { provide: BackupRunStore, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new BackupRunStore(config.backupDir) },
    BackupAdminService,
    BackupJobs,
    ServerPresenceLock,
  ],
  exports: [BackupService],
})
export class BackupModule {}
