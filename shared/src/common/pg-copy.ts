import { type EntityManager, QueryFailedError } from 'typeorm';

/** The parts of `pg`'s connection a COPY talks to (its protocol messages). */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

interface PgClient {
  query(submittable: unknown): unknown;
}

/**
 * One COPY statement as a `pg` submittable (the client hands it the backend's messages): COPY … FROM
 * STDIN sends `input` as the data; COPY … TO STDOUT collects what the server sends. Simple-query
 * protocol: an error is followed by ReadyForQuery, so the connection stays usable (the transaction
 * is aborted until the caller rolls back to a savepoint).
 */
class CopyStatement {
  private readonly chunks: Buffer[] = [];
  private settled = false;
  private rowCount = 0;

  constructor(
    readonly text: string,
    private readonly input: Buffer | null,
    private readonly done: (error: unknown, result?: { data: Buffer; rowCount: number }) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: PgConnection): void {
    if (this.input?.length) connection.sendCopyFromChunk(this.input);
    connection.endCopyFrom();
  }
  handleCopyData(msg: { chunk: Buffer }): void {
    // the chunk is a view into the parser's buffer, which it reuses: keep a copy
    this.chunks.push(Buffer.from(msg.chunk));
  }
  handleCommandComplete(msg: { text?: string }): void {
    const m = /^COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rowCount = Number(m[1]);
  }
  // pg drops a statement that failed at once (the ReadyForQuery after it goes to no one): answer now
  handleError(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.done(err);
  }
  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    this.done(null, { data: Buffer.concat(this.chunks), rowCount: this.rowCount });
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

async function clientOf(m: EntityManager): Promise<PgClient> {
  const runner = m.queryRunner as unknown as { connect(): Promise<PgClient> } | undefined;
  if (!runner) throw new Error('COPY runs on the connection of a transaction: pass its manager');
  return runner.connect();
}

function run(m: EntityManager, sql: string, input: Buffer | null): Promise<{ data: Buffer; rowCount: number }> {
  return clientOf(m).then(
    (client) =>
      new Promise((resolve, reject) => {
        // a database error as TypeORM's, so it maps to the same HTTP answers (22P02 → 400, …) and retries
        client.query(new CopyStatement(sql, input, (e, r) => (e ? reject(new QueryFailedError(sql, [], e as Error)) : resolve(r!))));
      }),
  );
}

/**
 * `COPY (query) TO STDOUT`: the rows in COPY's text format (one line each, tab-separated, `\N` for
 * NULL, backslash escapes), as the server's bytes. `sql` is the whole COPY statement (no parameters:
 * COPY takes none — inline only values you have validated or quoted with `quoteLiteral`).
 */
export function copyOut(m: EntityManager, sql: string): Promise<{ data: Buffer; rowCount: number }> {
  return run(m, sql, null);
}

/** `COPY table (cols) FROM STDIN`: sends `data` (COPY text format) and answers how many rows it read. */
export async function copyIn(m: EntityManager, sql: string, data: Buffer): Promise<number> {
  return (await run(m, sql, data)).rowCount;
}

/** A SQL string literal, for the values COPY cannot take as parameters (an E'' literal when it holds a backslash). */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('a SQL literal cannot hold NUL');
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text as one field of COPY's text format (`\N` for NULL; backslash, tab and line breaks escaped). */
export function copyTextFieldOf(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : value;
}

/** Rows as COPY … FROM STDIN's text-format input: fields tab-separated, a line each. */
export function copyTextRows(rows: Iterable<readonly (string | null)[]>): Buffer {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(copyTextFieldOf).join('\t') + '\n');
  return Buffer.from(lines.join(''), 'utf8');
}

/** One field of COPY's text format back to its text (`\N` is NULL). */
export function copyTextField(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, c: string) => ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' })[c] ?? c);
}

/** A parameter value as a SQL literal: null, booleans, finite numbers, strings and arrays of strings. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return quoteLiteral(value);
  if (Array.isArray(value)) {
    return quoteLiteral(
      '{' +
        value
          .map((v) => {
            if (typeof v !== 'string') throw new Error('only arrays of strings become literals');
            return '"' + v.replace(/(["\\])/g, '\\$1') + '"';
          })
          .join(',') +
        '}',
    );
  }
  throw new Error(`no literal for a ${typeof value}`);
}

/** `$n` placeholders of `sql` replaced by their values as literals (for COPY, which takes no parameters). */
export function inlineParams(sql: string, values: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`no value for $${n}`);
    return sqlLiteral(values[i]);
  });
}
