import * as Joi from 'joi';
import { basename, dirname, join } from 'node:path';
import type { ServerKind } from '../common/config';
import { DomainException } from '../common/errors';
import { BackupError } from './backup.errors';
import type { TableChecksum } from './table-checksums';

export const MANIFEST_FORMAT = 'chain-erp-backup/1';

/** What `<name>.manifest.json` beside `<name>.dump` says about the archive. */
export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  name: string;
  createdAt: string;
  server: ServerKind;
  /** HQ's code, or the store's code when the store database knows it */
  orgCode: string | null;
  /** the operator's note, e.g. `before-price-import` */
  label?: string;
  /** name of the last migration applied to the database */
  schemaVersion: string | null;
  database: string;
  postgresVersion: string;
  archive: { file: string; bytes: number; sha256: string };
  tables: TableChecksum[];
}

/**
 * `hq-HQ-20261122T020000123Z`: server kind, org code, UTC time. The one shape a name may have, so a
 * name taken from a URL can never point outside the backup folder.
 */
export const BACKUP_NAME_PATTERN = /^(hq|store)-[A-Za-z0-9_]{1,32}-\d{8}T\d{9}Z$/;

export const BACKUP_LABEL_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const DUMP_SUFFIX = '.dump';
export const MANIFEST_SUFFIX = '.manifest.json';

/** `<dir>/<name>.manifest.json` beside `<dir>/<name>.dump`. */
export function manifestPathOf(dumpPath: string): string {
  return join(dirname(dumpPath), basename(dumpPath, DUMP_SUFFIX) + MANIFEST_SUFFIX);
}

export function backupName(server: ServerKind, orgCode: string | null, at: Date): string {
  const org = (orgCode ?? 'unknown').replace(/[^A-Za-z0-9_]/g, '_').slice(0, 32) || 'unknown';
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${server}-${org}-${stamp}`;
}

export function isBackupName(name: string): boolean {
  return BACKUP_NAME_PATTERN.test(name);
}

const manifestSchema = Joi.object({
  format: Joi.string().valid(MANIFEST_FORMAT).required(),
  name: Joi.string().pattern(BACKUP_NAME_PATTERN).required(),
  createdAt: Joi.string().isoDate().required(),
  server: Joi.string().valid('hq', 'store').required(),
  orgCode: Joi.string().max(64).allow(null).required(),
  label: Joi.string().pattern(BACKUP_LABEL_PATTERN),
  schemaVersion: Joi.string().max(200).allow(null).required(),
  database: Joi.string().max(63).required(),
  postgresVersion: Joi.string().max(40).required(),
  archive: Joi.object({
    file: Joi.string().required(),
    bytes: Joi.number().integer().min(0).required(),
    sha256: Joi.string().hex().length(64).required(),
  }).required(),
  tables: Joi.array()
    .items(Joi.object({ table: Joi.string().required(), rows: Joi.number().integer().min(0).required(), checksum: Joi.string().required() }))
    .required(),
}).unknown(true);

/** Parses a manifest file's text; anything malformed is a corrupt archive. */
export function parseManifest(text: string, where: string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainException(BackupError.BACKUP_ARCHIVE_CORRUPT, `${where} is not valid JSON / 备份清单已损坏`);
  }
  const { value, error } = manifestSchema.validate(json);
  if (error) throw new DomainException(BackupError.BACKUP_ARCHIVE_CORRUPT, `${where} is not a backup manifest: ${error.message.replace(/"/g, '')} / 备份清单无效`);
  return value as BackupManifest;
}
