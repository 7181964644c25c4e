import { type DataSource } from 'typeorm';

/** Rows of a query in chunks, read from a server-side cursor; `close` ends it early (a download cut off). */
export interface QueryChunks<R> extends AsyncIterable<R[]> {
  close(): Promise<void>;
  /** the rows of `options.last`, read in the cursor's snapshot once its last chunk is out (undefined before) */
  readonly last: Record<string, unknown>[] | undefined;
}

/** How long a download may leave its cursor unread before PostgreSQL ends the session (a client that stopped reading). */
const IDLE_LIMIT = '60s';

/**
 * A query read through `DECLARE … CURSOR` on a connection of its own, `chunk` rows per FETCH (each
 * row through `tidy`), in one
 * read-only REPEATABLE READ transaction (every chunk from the same snapshot). The first chunk is
 * fetched before this answers, so a bad query still fails before a download starts; later chunks
 * are fetched as the caller asks for them, so memory holds one chunk whatever the size of the result.
 * The connection goes back to the pool when the rows are done, on an error, or on `close()`.
 */
export async function queryChunks<R = Record<string, unknown>>(
  ds: DataSource,
  sql: string,
  params: unknown[],
  // `last`: a query run in the same transaction after the last chunk (a report's totals, which must
  // agree with the rows above them: same snapshot)
  options: { chunk?: number; tidy?: (row: Record<string, unknown>) => R; last?: { sql: string; params: unknown[] } } = {},
): Promise<QueryChunks<R>> {
  const chunk = options.chunk ?? 2000;
  const runner = ds.createQueryRunner();
  const fetch = async (): Promise<R[]> => {
    const rows = (await runner.query(`FETCH ${chunk} FROM export_rows`)) as Record<string, unknown>[];
    return options.tidy ? rows.map(options.tidy) : (rows as R[]);
  };
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    try {
      await runner.query('ROLLBACK');
    } catch {
      /* the session may be gone (idle limit): the release below is what matters */
    } finally {
      await runner.release();
    }
  };
  let last: Record<string, unknown>[] | undefined;
  let first: R[];
  try {
    await runner.connect();
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await runner.query(`SET LOCAL idle_in_transaction_session_timeout = '${IDLE_LIMIT}'`);
    await runner.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${sql}`, params);
    first = await fetch();
  } catch (e) {
    await close();
    throw e;
  }
  return {
    close,
    get last() {
      return last;
    },
    async *[Symbol.asyncIterator]() {
      try {
        let rows = first;
        for (;;) {
          if (rows.length) yield rows;
          if (!open) return;
          if (rows.length < chunk) {
            if (options.last) last = (await runner.query(options.last.sql, options.last.params)) as Record<string, unknown>[];
            return;
          }
          rows = await fetch();
        }
      } finally {
        await close();
      }
    },
  };
}
