import { JobName } from '@chain-erp/shared';

/** Jobs HQ runs; each needs exactly one @OnJob handler or start-up fails. */
export const HQ_JOBS: JobName[] = [
  JobName.CatalogImport,
  JobName.InventoryAlerts,
  JobName.TransferProcessInbox,
  JobName.Backup,
  JobName.BackupRequested,
  JobName.TransferPruneFeed,
];
