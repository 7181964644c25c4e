#!/usr/bin/env node
/**
 * npm run backup -- hq|store [--data-dir DIR | --database-url URL] [--out DIR] [--keep N] [--json]
 * A thin wrapper over the built BackupService CLI (shared/src/backup/backup.cli.ts); see docs/backup.md.
 */
const { requireBuilt } = require('./backup-common');

const { backupCli } = requireBuilt('shared/dist/backup/backup.cli');
backupCli(process.argv.slice(2)).then((code) => process.exit(code));
