import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { type DataSource } from 'typeorm';
import { DomainException } from '../common/errors';
import { queryRows } from '../common/sql';
import { type ByteSource, localByteSource } from './byte-source';
import { StorageError } from './storage.errors';

/**
 * The storage port (docs/design.md §2): files that jobs read must be reachable from every HQ
 * instance, so they are kept behind this port, never on one instance's disk. Two adapters:
 * PostgreSQL (the default: chunks in a table of the server's own database — nothing else to run
 * or share) and a folder (FILE_STORE=local; with several instances it must be shared storage).
 * Keys are the caller's names such as `imports/<id>.xlsx`.
 */
export abstract class FileStore {
  abstract readonly kind: 'postgres' | 'local';
  /** Where `key` is kept, as data another thread or process can open with its own connection (openStoredFile). */
  abstract locate(key: string): StoredFileLocation;
  /** Stores the local file under `key` (replacing one of that key); returns its size. The local file is left as it is. */
  abstract save(key: string, localPath: string): Promise<number>;
  /** The stored file; STORED_FILE_MISSING (410) when there is none. */
  abstract open(key: string): Promise<ByteSource>;
  /** Removes what exists of these keys; returns how many were removed. */
  abstract delete(keys: string[]): Promise<number>;
}

/**
 * A stored file as a worker reaches it by itself: an import's process reads its file from
 * PostgreSQL on its own connection (or from the folder), so no byte of it passes through HQ's
 * main process (bench/BENCHMARKS.md "Issue 18 — import memory, round 3").
 */
export type StoredFileLocation = { kind: 'postgres'; key: string } | { kind: 'local'; root: string; key: string };

/** Opens a located file; `ds` is the caller's own connection (for the PostgreSQL store). STORED_FILE_MISSING when it is gone. */
export function openStoredFile(location: StoredFileLocation, ds: DataSource): Promise<ByteSource> {
  return (location.kind === 'postgres' ? new PgFileStore(ds) : new LocalFileStore(location.root)).open(location.key);
}

export function storedFileMissing(): DomainException {
  return new DomainException(StorageError.STORED_FILE_MISSING, 'the stored file is no longer there / 文件已不存在');
}

/** bytes per row: large enough for few rows, small enough that a read holds little memory */
const CHUNK_BYTES = 256 * 1024;
/** chunks fetched per query while streaming (1 MB) */
const CHUNKS_PER_READ = 4;

/** Files as rows of bytea chunks in the server's database: streamed both ways, bounded memory. */
export class PgFileStore extends FileStore {
  readonly kind = 'postgres' as const;

  constructor(private readonly ds: DataSource) {
    super();
  }

  locate(key: string): StoredFileLocation {
    return { kind: 'postgres', key };
  }

  async save(key: string, localPath: string): Promise<number> {
    return this.ds.transaction(async (m) => {
      await m.query('DELETE FROM stored_file WHERE key = $1', [key]);
      await m.query('INSERT INTO stored_file (key, size, chunk_size) VALUES ($1, 0, $2)', [key, CHUNK_BYTES]);
      let n = 0;
      let size = 0;
      // a file stream hands over chunks of at most highWaterMark: gathered to exactly CHUNK_BYTES per row
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const write = async (data: Buffer) => {
        await m.query('INSERT INTO stored_file_chunk (file_key, n, data) VALUES ($1, $2, $3)', [key, n++, data]);
        size += data.length;
      };
      for await (const chunk of createReadStream(localPath, { highWaterMark: CHUNK_BYTES })) {
        pending.push(chunk as Buffer);
        pendingBytes += (chunk as Buffer).length;
        while (pendingBytes >= CHUNK_BYTES) {
          const all = Buffer.concat(pending);
          await write(all.subarray(0, CHUNK_BYTES));
          pending = [all.subarray(CHUNK_BYTES)];
          pendingBytes = all.length - CHUNK_BYTES;
        }
      }
      if (pendingBytes) await write(Buffer.concat(pending));
      await m.query('UPDATE stored_file SET size = $2 WHERE key = $1', [key, size]);
      return size;
    });
  }

  async open(key: string): Promise<ByteSource> {
    const [row] = await queryRows<{ size: string; chunk_size: number }>(this.ds.manager, 'SELECT size, chunk_size FROM stored_file WHERE key = $1', [key]);
    if (!row) throw storedFileMissing();
    const size = Number(row.size);
    const cs = row.chunk_size;
    const ds = this.ds;
    return {
      size,
      read(start = 0, end = size) {
        end = Math.min(end, size);
        async function* range(): AsyncGenerator<Buffer> {
          const last = Math.floor((end - 1) / cs);
          for (let n = Math.floor(start / cs); n <= last; n += CHUNKS_PER_READ) {
            const to = Math.min(last, n + CHUNKS_PER_READ - 1);
            const rows = await queryRows<{ n: number; data: Buffer }>(ds.manager, 'SELECT n, data FROM stored_file_chunk WHERE file_key = $1 AND n BETWEEN $2 AND $3 ORDER BY n', [
              key,
              n,
              to,
            ]);
            // removed while being read (or damaged): an error of the stream, never a short file
            if (rows.length !== to - n + 1) throw storedFileMissing();
            for (const r of rows) {
              const at = r.n * cs;
              yield r.data.subarray(Math.max(0, start - at), Math.min(r.data.length, end - at));
            }
          }
        }
        return end <= start ? Readable.from([]) : Readable.from(range(), { objectMode: false });
      },
    };
  }

  async delete(keys: string[]): Promise<number> {
    if (!keys.length) return 0;
    const rows = await queryRows(this.ds.manager, 'DELETE FROM stored_file WHERE key = ANY($1::varchar[]) RETURNING key', [keys]);
    return rows.length;
  }
}

/** Files in a folder (FILE_STORE_DIR): one instance, or a folder every instance mounts. */
export class LocalFileStore extends FileStore {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  locate(key: string): StoredFileLocation {
    return { kind: 'local', root: this.root, key };
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`bad file key ${key}`);
    return path;
  }

  async save(key: string, localPath: string): Promise<number> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // written beside and renamed: a reader never sees half a file
    const tmp = `${path}.part`;
    await copyFile(localPath, tmp);
    await rename(tmp, path);
    return (await stat(path)).size;
  }

  async open(key: string): Promise<ByteSource> {
    try {
      return await localByteSource(this.pathOf(key));
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') throw storedFileMissing();
      throw e;
    }
  }

  async delete(keys: string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) {
      const path = this.pathOf(key);
      const there = await stat(path).then(
        () => true,
        () => false,
      );
      if (!there) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }
}
