import { CommonError, defineErrorCodes, DomainException } from '../common/errors';

export const BackupError = defineErrorCodes({
  /** pg_dump / pg_restore missing, or of another major version than the server */
  BACKUP_TOOLS_MISSING: 503,
  BACKUP_NOT_FOUND: 404,
  BACKUP_INVALID_NAME: 400,
  /** another backup of this database is running (any instance) */
  BACKUP_IN_PROGRESS: 409,
  BACKUP_FAILED: 500,
  /** the archive's sha256 differs from the manifest's, or the manifest is unreadable */
  BACKUP_ARCHIVE_CORRUPT: 422,
  BACKUP_WRONG_SERVER_KIND: 422,
  /** the archive was made by a newer build (its last migration is unknown here) */
  BACKUP_SCHEMA_UNKNOWN: 422,
  BACKUP_SERVER_RUNNING: 409,
  /** the target database holds data and --force was not given */
  BACKUP_TARGET_NOT_EMPTY: 409,
  /** after pg_restore, counts or checksums differ from the manifest */
  BACKUP_VERIFY_FAILED: 500,
  BACKUP_DATABASE_UNREACHABLE: 503,
});

/**
 * Exit codes of `npm run backup` / `npm run restore`, so scripts can tell "fix your machine" from
 * "this archive is bad" from "stop the server first".
 */
export const EXIT_CODES: Record<string, number> = {
  [CommonError.BAD_REQUEST]: 2,
  [BackupError.BACKUP_TOOLS_MISSING]: 3,
  [BackupError.BACKUP_DATABASE_UNREACHABLE]: 3,
  [BackupError.BACKUP_NOT_FOUND]: 4,
  [BackupError.BACKUP_ARCHIVE_CORRUPT]: 4,
  [BackupError.BACKUP_WRONG_SERVER_KIND]: 4,
  [BackupError.BACKUP_SCHEMA_UNKNOWN]: 4,
  [BackupError.BACKUP_SERVER_RUNNING]: 5,
  [BackupError.BACKUP_TARGET_NOT_EMPTY]: 5,
  [BackupError.BACKUP_IN_PROGRESS]: 5,
  [BackupError.BACKUP_VERIFY_FAILED]: 6,
  [BackupError.BACKUP_FAILED]: 1,
};

export function exitCodeOf(e: unknown): number {
  return e instanceof DomainException ? (EXIT_CODES[e.code] ?? 1) : 1;
}
