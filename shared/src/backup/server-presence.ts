import { Logger } from '@nestjs/common';
import { Client, type ClientBase } from 'pg';

/**
 * A running server holds a shared advisory lock on its database for as long as it runs (each HQ
 * instance one). A restore looks for it before replacing the database: an idle server may have no
 * pooled connection open at that moment, but it always holds this lock.
 */
export const PRESENCE_LOCK: readonly [number, number] = [0x63686169, 1]; // 'chai', 1

/** Connections of chain-erp servers carry `application_name = chain-erp-<kind>`. */
export const APP_NAME_PREFIX = 'chain-erp-';

export class ServerPresence {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private readonly logger = new Logger('Backup');

  constructor(
    private readonly databaseUrl: string,
    private readonly applicationName: string,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    const client = new Client({ connectionString: this.databaseUrl, application_name: this.applicationName });
    // A lost connection (database restart) must not crash the server; take the lock again.
    client.on('error', (e) => {
      this.logger.warn({ err: e.message }, 'presence lock connection lost; retaking it');
      this.reconnectLater();
    });
    await client.connect();
    await client.query('SELECT pg_advisory_lock_shared($1, $2)', [...PRESENCE_LOCK]);
    this.client = client;
  }

  private reconnectLater(): void {
    if (this.stopped || this.retry) return;
    this.client?.end().catch(() => undefined);
    this.client = undefined;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch(() => this.reconnectLater());
    }, 5000);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}

/**
 * Why a database is in use by a server, or null: its presence lock is held, or a chain-erp
 * application is connected. `admin` is a connection to another database of the same cluster.
 */
export async function serverUsing(admin: ClientBase, database: string): Promise<string | null> {
  const { rows } = await admin.query<{ locks: number; apps: string[] }>(
    `SELECT (SELECT count(*) FROM pg_locks l
              WHERE l.locktype = 'advisory' AND l.database = d.oid AND l.granted
                AND l.classid = $2::int::oid AND l.objid = $3::int::oid AND l.objsubid = 2)::int AS locks,
            ARRAY(SELECT DISTINCT a.application_name FROM pg_stat_activity a
                   WHERE a.datid = d.oid AND a.application_name LIKE $4 AND a.pid <> pg_backend_pid()) AS apps
       FROM pg_database d WHERE d.datname = $1`,
    [database, ...PRESENCE_LOCK, `${APP_NAME_PREFIX}%`],
  );
  if (!rows.length) return null;
  const { locks, apps } = rows[0];
  if (locks > 0) return `${locks} server instance(s) hold the database ${database}`;
  if (apps.length) return `${apps.join(', ')} connected to the database ${database}`;
  return null;
}
