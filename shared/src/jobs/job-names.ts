/**
 * Every job the servers run. Payloads carry ids only; the state lives in PostgreSQL (an outbox or
 * a document), so a lost or repeated job is harmless: the handler reads what is there.
 */
export enum JobName {
  /** contract tests and health: does nothing but record that it ran */
  Ping = 'system.ping',
  /** store: push outbox then pull from HQ */
  SyncRun = 'sync.run',
  /** HQ: process pushed store documents that were stored durably */
  TransferProcessInbox = 'transfer.process-inbox',
  /** HQ: delete change-feed rows every store has read (or that are too old to keep) */
  TransferPruneFeed = 'transfer.prune-feed',
  /** HQ: run a base-data import file */
  CatalogImport = 'catalog.import',
  /** both: record stock alerts of the day */
  InventoryAlerts = 'inventory.alerts',
  /** both: scheduled backup with retention */
  Backup = 'system.backup',
  /** both: a backup asked for over the API (POST /api/admin/backups), followed by its run's status */
  BackupRequested = 'system.backup-requested',
}

export interface JobPayloads {
  [JobName.Ping]: { id: string };
  [JobName.SyncRun]: { reason?: string };
  [JobName.TransferProcessInbox]: { storeId?: string };
  [JobName.TransferPruneFeed]: Record<string, never>;
  [JobName.CatalogImport]: { importId: string };
  [JobName.InventoryAlerts]: Record<string, never>;
  [JobName.Backup]: Record<string, never>;
  [JobName.BackupRequested]: { runId: string };
}
