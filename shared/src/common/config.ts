import * as Joi from 'joi';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../excel/import-limits';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ServerKind = 'hq' | 'store';

export interface AppConfig {
  server: ServerKind;
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** absent → embedded PostgreSQL under `dataDir` */
  databaseUrl?: string;
  /** port of the embedded PostgreSQL (0 → a free one) */
  embeddedPgPort: number;
  dataDir: string;
  /** absent → in-process job adapter */
  redisUrl?: string;
  /** where files jobs read are kept: PostgreSQL (default) or a folder (docs/operations.md) */
  fileStore: 'postgres' | 'local';
  /** FILE_STORE=local: the folder (default DATA_DIR/files) */
  fileStoreDir: string;
  /** JOB_QUEUE: the BullMQ queue's name (absent → derived from the server and its database, see queueNameOf) */
  jobQueue?: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** seconds the guard may reuse what it read about a sign-in (0 = read it on every request) */
  authCacheSeconds: number;
  /** Express `trust proxy`: whose X-Forwarded-For names the client (the transfer lockout keys on it) */
  trustProxy: string;
  logLevel: string;
  /** the first HQ administrator, created when no user exists */
  adminUsername: string;
  adminPassword?: string;
  /** largest JSON body accepted */
  bodyLimit: string;
  /** largest upload accepted (bytes) */
  uploadLimitBytes: number;
  /** scheduled backups: hours between runs (0 = off) */
  backupIntervalHours: number;
  /** scheduled backups kept; older ones are deleted */
  backupKeep: number;
  /** where backups are written (default DATA_DIR/backups) */
  backupDir: string;
  /** folder of pg_dump/pg_restore (absent → PATH) */
  pgBinDir?: string;
  /** store: seconds between scheduled syncs with HQ (0 = off) */
  syncIntervalSeconds: number;
  /** rows an import validates and writes per batch (one statement per table per batch) */
  importBatchRows: number;
  /** old-generation heap of an import's parse worker, MB */
  importWorkerHeapMb: number;
  /** where an import runs: a process of its own (its memory leaves with it) or a thread of HQ's */
  importIsolation: 'process' | 'thread';
  /** days an import's stored file stays for its annotated error workbook */
  importKeepDays: number;
  /** what one import file may cost (IMPORT_MAX_*; docs/catalog.md "Limits") */
  importLimits: ImportLimits;
}

const DEFAULT_PORT: Record<ServerKind, number> = { hq: 3000, store: 3101 };

function schema(server: ServerKind) {
  return Joi.object({
    NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
    PORT: Joi.number().integer().min(0).max(65535).default(DEFAULT_PORT[server]),
    HOST: Joi.string().default('0.0.0.0'),
    DATABASE_URL: Joi.string()
      .uri({ scheme: ['postgres', 'postgresql'] })
      .empty(''),
    EMBEDDED_PG_PORT: Joi.number().integer().min(0).max(65535).default(0),
    DATA_DIR: Joi.string().default(`.data/${server}`),
    REDIS_URL: Joi.string()
      .uri({ scheme: ['redis', 'rediss'] })
      .empty(''),
    FILE_STORE: Joi.string().valid('postgres', 'local').default('postgres'),
    FILE_STORE_DIR: Joi.string().empty(''),
    JOB_QUEUE: Joi.string()
      .pattern(/^[A-Za-z0-9_-]{1,100}$/)
      .empty('')
      .messages({ 'string.pattern.base': 'letters, digits, _ and - only (at most 100)' }),
    JWT_SECRET: Joi.string().min(32).empty('').when('NODE_ENV', { is: 'production', then: Joi.required() }),
    JWT_TTL_SECONDS: Joi.number()
      .integer()
      .min(60)
      .max(7 * 24 * 3600)
      .default(8 * 3600),
    // a change of a user's state reaches every other instance within this many seconds
    AUTH_CACHE_SECONDS: Joi.number().integer().min(0).max(60).default(5),
    TRUST_PROXY: Joi.string()
      .pattern(/^[0-9A-Za-z.:/, _-]+$/)
      .max(500)
      .default('loopback'),
    LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
    ADMIN_USERNAME: Joi.string().min(3).max(64).default('admin'),
    ADMIN_PASSWORD: Joi.string().min(8).max(128).empty(''),
    BODY_LIMIT: Joi.string()
      .pattern(/^\d+(kb|mb)$/)
      .default('5mb'),
    UPLOAD_LIMIT_MB: Joi.number().integer().min(1).max(1024).default(100),
    // daily backups in production; off elsewhere so development and tests never need pg_dump
    BACKUP_INTERVAL_HOURS: Joi.number()
      .min(0)
      .max(24 * 366)
      .when('NODE_ENV', { is: 'production', then: Joi.number().default(24), otherwise: Joi.number().default(0) }),
    BACKUP_KEEP: Joi.number().integer().min(1).max(10_000).default(7),
    BACKUP_DIR: Joi.string().empty(''),
    PG_BIN_DIR: Joi.string().empty(''),
    // every 5 minutes; off in tests, where syncs are run explicitly
    SYNC_INTERVAL_SECONDS: Joi.number()
      .integer()
      .min(0)
      .max(86_400)
      .when('NODE_ENV', { is: 'test', then: Joi.number().default(0), otherwise: Joi.number().default(300) }),
    IMPORT_BATCH_ROWS: Joi.number().integer().min(100).max(50_000).default(2000),
    IMPORT_WORKER_HEAP_MB: Joi.number().integer().min(16).max(8192).default(128),
    IMPORT_ISOLATION: Joi.string().valid('process', 'thread').default('process'),
    IMPORT_KEEP_DAYS: Joi.number().min(0).max(3650).default(7),
    IMPORT_MAX_UNCOMPRESSED_MB: Joi.number()
      .integer()
      .min(1)
      .max(4096)
      .default(DEFAULT_IMPORT_LIMITS.maxUncompressedBytes / 1024 / 1024),
    IMPORT_MAX_ZIP_ENTRIES: Joi.number().integer().min(10).max(100_000).default(DEFAULT_IMPORT_LIMITS.maxZipEntries),
    IMPORT_MAX_ROWS: Joi.number().integer().min(1).max(1_048_576).default(DEFAULT_IMPORT_LIMITS.maxRows),
    IMPORT_MAX_EMPTY_ROWS: Joi.number().integer().min(10).max(1_048_576).default(DEFAULT_IMPORT_LIMITS.maxEmptyRows),
    IMPORT_MAX_SECONDS: Joi.number().integer().min(1).max(86_400).default(DEFAULT_IMPORT_LIMITS.maxSeconds),
  }).unknown(true);
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once. A bad value throws a ConfigError whose message is one line naming
 * the variable; `main.ts` prints it and exits.
 */
export function loadConfig(server: ServerKind, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const { value, error } = schema(server).validate(env, { abortEarly: true, convert: true });
  if (error) {
    const d = error.details[0];
    throw new ConfigError(`Invalid configuration: ${d.context?.key ?? d.path.join('.')} — ${d.message.replace(/"/g, '')}`);
  }
  const dataDir = resolve(value.DATA_DIR);
  return {
    server,
    nodeEnv: value.NODE_ENV,
    port: value.PORT,
    host: value.HOST,
    databaseUrl: value.DATABASE_URL,
    embeddedPgPort: value.EMBEDDED_PG_PORT,
    dataDir,
    redisUrl: value.REDIS_URL,
    jobQueue: value.JOB_QUEUE,
    fileStore: value.FILE_STORE,
    fileStoreDir: value.FILE_STORE_DIR ? resolve(value.FILE_STORE_DIR) : join(dataDir, 'files'),
    jwtSecret: value.JWT_SECRET ?? devJwtSecret(dataDir),
    jwtTtlSeconds: value.JWT_TTL_SECONDS,
    authCacheSeconds: value.AUTH_CACHE_SECONDS,
    trustProxy: value.TRUST_PROXY,
    logLevel: value.LOG_LEVEL,
    adminUsername: value.ADMIN_USERNAME,
    adminPassword: value.ADMIN_PASSWORD,
    bodyLimit: value.BODY_LIMIT,
    uploadLimitBytes: value.UPLOAD_LIMIT_MB * 1024 * 1024,
    backupIntervalHours: value.BACKUP_INTERVAL_HOURS,
    backupKeep: value.BACKUP_KEEP,
    backupDir: value.BACKUP_DIR ? resolve(value.BACKUP_DIR) : join(dataDir, 'backups'),
    pgBinDir: value.PG_BIN_DIR,
    syncIntervalSeconds: value.SYNC_INTERVAL_SECONDS,
    importBatchRows: value.IMPORT_BATCH_ROWS,
    importWorkerHeapMb: value.IMPORT_WORKER_HEAP_MB,
    importIsolation: value.IMPORT_ISOLATION,
    importKeepDays: value.IMPORT_KEEP_DAYS,
    importLimits: {
      maxUncompressedBytes: value.IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024,
      maxZipEntries: value.IMPORT_MAX_ZIP_ENTRIES,
      maxRows: value.IMPORT_MAX_ROWS,
      maxEmptyRows: value.IMPORT_MAX_EMPTY_ROWS,
      maxSeconds: value.IMPORT_MAX_SECONDS,
    },
  };
}

/** Outside production a missing JWT secret is generated once and kept in the data folder. */
function devJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
