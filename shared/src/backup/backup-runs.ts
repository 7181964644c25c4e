import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A backup asked for over the API runs as a job; its state is a small JSON file beside the
 * backups (`BACKUP_DIR/.runs/<id>.json`), so every instance sharing BACKUP_DIR sees it, and no
 * table of the database being dumped changes because of the dump.
 */
export type BackupRunState = 'queued' | 'running' | 'done' | 'failed';

export interface BackupRun {
  id: string;
  state: BackupRunState;
  label: string | null;
  /** whose backup: the org code of the server's database (HQ, or the store's code) */
  orgCode: string | null;
  requestedBy: string | null;
  /** tables counted and checksummed in the dump's snapshot so far, of all tables */
  tablesDone: number;
  tablesTotal: number;
  /** bytes of the archive written so far */
  archiveBytes: number;
  /** the backup made (once done) */
  backupName: string | null;
  pruned: string[];
  errorCode: string | null;
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** 0–100: tables checksummed (the dump runs beside them); 100 only once the backup is complete. */
export function runPercent(run: BackupRun): number {
  if (run.state === 'done') return 100;
  if (!run.tablesTotal) return 0;
  return Math.min(99, Math.floor((run.tablesDone / run.tablesTotal) * 100));
}

/** a run that has not moved for this long is not running any more (its instance stopped) */
export const STALE_RUN_MS = 6 * 3_600_000;
/** finished runs are kept this long for their status to be read */
const KEEP_FINISHED_MS = 7 * 86_400_000;

export class BackupRunStore {
  constructor(private readonly backupDir: string) {}

  private get dir(): string {
    return join(this.backupDir, '.runs');
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  async create(fields: { label: string | null; orgCode: string | null; requestedBy: string | null }): Promise<BackupRun> {
    const run: BackupRun = {
      id: randomUUID(),
      state: 'queued',
      ...fields,
      tablesDone: 0,
      tablesTotal: 0,
      archiveBytes: 0,
      backupName: null,
      pruned: [],
      errorCode: null,
      message: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    await this.write(run);
    return run;
  }

  async get(id: string): Promise<BackupRun | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    try {
      return JSON.parse(await readFile(this.path(id), 'utf8')) as BackupRun;
    } catch {
      return null;
    }
  }

  async update(id: string, patch: Partial<BackupRun>): Promise<BackupRun | null> {
    const run = await this.get(id);
    if (!run) return null;
    const next = { ...run, ...patch };
    await this.write(next);
    return next;
  }

  /** A queued or running run that is not stale, if any (one backup of a database at a time). */
  async active(): Promise<BackupRun | null> {
    for (const run of await this.all()) {
      if (run.state !== 'queued' && run.state !== 'running') continue;
      if (Date.now() - Date.parse(run.startedAt ?? run.createdAt) < STALE_RUN_MS) return run;
    }
    return null;
  }

  /** Removes finished runs older than a week. */
  async sweep(): Promise<void> {
    for (const run of await this.all()) {
      if (run.finishedAt && Date.now() - Date.parse(run.finishedAt) > KEEP_FINISHED_MS) await rm(this.path(run.id), { force: true });
    }
  }

  private async all(): Promise<BackupRun[]> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const runs: BackupRun[] = [];
    for (const f of files) {
      if (!f.endsWith('.json')) continue;
      const run = await this.get(f.slice(0, -5));
      if (run) runs.push(run);
    }
    return runs;
  }

  private async write(run: BackupRun): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // written aside and renamed: a reader never sees half a file
    const tmp = `${this.path(run.id)}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(run), { mode: 0o600 });
    await rename(tmp, this.path(run.id));
  }
}

/** Size of a file being written, 0 while it does not exist yet. */
export async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => ({ size: 0 }))).size;
}
