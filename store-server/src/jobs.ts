import { JobName } from '@chain-erp/shared';

/** Jobs a store runs; each needs exactly one @OnJob handler or start-up fails. */
export const STORE_JOBS: JobName[] = [JobName.InventoryAlerts, JobName.SyncRun, JobName.Backup, JobName.BackupRequested];
