#!/usr/bin/env node
/**
 * npm run restore -- [hq|store] <archive.dump> [--data-dir DIR | --database-url URL] [--manifest FILE] [--force] [--json]
 * A thin wrapper over the built BackupService CLI (shared/src/backup/backup.cli.ts); see docs/backup.md.
 * It passes the migrations of both servers of this build: an archive of a newer schema is refused.
 */
const { requireBuilt } = require('./backup-common');

const { restoreCli, migrationNames } = requireBuilt('shared/dist/backup/backup.cli');
const migrations = {
  hq: migrationNames(requireBuilt('hq-server/dist/migrations').HQ_MIGRATIONS),
  store: migrationNames(requireBuilt('store-server/dist/migrations').STORE_MIGRATIONS),
};
restoreCli(process.argv.slice(2), migrations).then((code) => process.exit(code));
