import { DataSource } from 'typeorm';
import { YIELD_MASK, yieldToEventLoop } from '../common/event-loop';
import { type DomainException } from '../common/errors';
import { type AuthUser, RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { type ImportLimits } from '../excel/import-limits';
import { importTimeLimit, type SheetBatch, sheetBatches } from '../excel/sheet-batches';
import { onWorkerStart, reviveError, type SerializedError, serializeError, startFileWorker, type WorkerIsolation } from '../excel/sheet-parser';
import { ENCODING_LABEL, readSheetRows, type SheetEncoding, type SheetFormat } from '../excel/sheet-reader';
import { columnLabel, type ParsedRow, type RowError } from '../excel/sheet-schema';
import { type ByteSource } from '../storage/byte-source';
import { importRunSql } from './catalog-import.repository';
import { openStoredFile, type StoredFileLocation } from '../storage/file-store';
import { CatalogWriter } from './catalog-writer';
import { CATALOG_ENTITIES } from './catalog.entity';
import { type CatalogEntityKey, type CatalogSpec, type RefSpec } from './catalog.definitions';
import { type ImportMode } from './catalog.dto';
import { CatalogRegistry } from './catalog.registry';
import { type CatalogService, type SaveInput } from './catalog.service';
import { CategoryService } from './category.service';
import { ProductService } from './product.service';
import { StorePriceService } from './store-price.service';
import { join } from 'node:path';

/**
 * A catalog import runs whole in a worker (a process of its own by default; docs/catalog.md
 * "Scale"): the read of the stored file, the parse, the reference look-ups and the writes through
 * the entity's one write path (CatalogService.save, CatalogWriter: the same rows, barcodes, audit
 * rows and change-feed capture as an API edit), in one transaction on the worker's own PostgreSQL
 * connection. HQ's main thread only starts it and records how it ended: no byte of the file, no
 * row and none of a row's garbage passes through HQ's heap, and the worker's heap is capped
 * (IMPORT_WORKER_HEAP_MB).
 */
export interface CatalogImportJob {
  importId: string;
  /** the stored upload, opened by the worker on its own connection */
  file: StoredFileLocation;
  entity: CatalogEntityKey;
  mode: ImportMode;
  format: SheetFormat;
  encoding: SheetEncoding | null;
  delimiter: ',' | '\t' | null;
  headerRow: number;
  headerRows: number;
  /** the clerk who uploaded the file: the import's audit rows name them */
  user: AuthUser;
  batchRows: number;
  limits: ImportLimits;
  /** epoch ms the import started (the worker sets it when its code is loaded): IMPORT_MAX_SECONDS counts from here */
  startedAt: number;
  /** the worker's own connection (the import's transaction, its progress outside it, the file's reads) */
  databaseUrl: string;
  heapMb: number;
  /** a process of its own (HQ's default) or a thread of HQ's */
  isolation: WorkerIsolation;
}

export interface ImportCounters {
  rowsRead: number;
  rowsValid: number;
  rowsFailed: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * How an import ended. `committed`: the data and the import's final row were committed together
 * (in the worker); the others are for the caller to record: a dry run or a refused commit (rolled
 * back), or a failure with nothing written (`counters` null when the worker died: its progress
 * row is as it last wrote it).
 */
export type ImportOutcome = { state: 'committed' | 'validated' | 'rejected'; counters: ImportCounters } | { state: 'failed'; error: Error; counters: ImportCounters | null };

type WireOutcome = Exclude<ImportOutcome, { state: 'failed' }> | { state: 'failed'; error: SerializedError; counters: ImportCounters | null };

/** rolls an import's transaction back on purpose (dry run, or all-or-nothing with errors) */
class Rollback extends Error {}

function isStatementTimeout(e: unknown): boolean {
  return (e as { driverError?: { code?: string } })?.driverError?.code === '57014';
}

/** Runs the import in a worker and answers how it ended; never throws for the import's own failures. */
export function runCatalogImportInWorker(job: CatalogImportJob): Promise<ImportOutcome> {
  return new Promise<ImportOutcome>((resolve) => {
    let done = false;
    const finish = (o: ImportOutcome) => {
      if (done) return;
      done = true;
      // the worker has ended its transaction (or died, which closes its connection: PostgreSQL rolls back)
      void worker.stop().then(() => resolve(o));
    };
    const worker = startFileWorker(
      join(__dirname, 'catalog-import.worker'),
      null,
      { kind: 'catalog-import', job },
      job.heapMb,
      (m) => {
        const o = (m as { type: 'done'; outcome: WireOutcome }).outcome;
        finish(o.state === 'failed' ? { ...o, error: reviveError(o.error) } : o);
      },
      (error) => finish({ state: 'failed', error, counters: null }),
      job.isolation,
    );
  });
}

/** The worker's side: its own connection, the catalog's services without Nest, the import, the outcome posted back. */
export function runCatalogImportWorker(): void {
  onWorkerStart('catalog-import', (port) => {
    // the time limit counts from here: loading the worker's code (transpiled on a cold cache under jest) is not the import's time
    const job: CatalogImportJob = { ...(port.data.job as CatalogImportJob), startedAt: Date.now() };
    void (async () => {
      let outcome: WireOutcome;
      let ds: DataSource | undefined;
      try {
        ds = await new DataSource({
          type: 'postgres',
          url: job.databaseUrl,
          // as HQ's own DataSource: the schema is HQ's migrations', nothing to install or check
          uuidExtension: 'pgcrypto',
          installExtensions: false,
          entities: CATALOG_ENTITIES,
          // the import's transaction, its progress outside it, and the reads of its file (one query at a time)
          extra: { max: 3, application_name: 'chain-erp-hq-import' },
          logging: false,
        }).initialize();
        const o = await importCatalogFile(ds, await openStoredFile(job.file, ds), job);
        outcome = o.state === 'failed' ? { ...o, error: serializeError(o.error) } : o;
      } catch (e) {
        outcome = { state: 'failed', error: serializeError(e), counters: null };
      } finally {
        await ds?.destroy().catch(() => undefined);
      }
      port.post({ type: 'done', outcome });
      port.close();
    })();
  });
}

/**
 * The import's one transaction on `ds`: kept (commit / commit-valid without a failed row) or rolled
 * back. The worker runs it on its own connection; it runs the same on any DataSource with the
 * catalog's entities (a test compares the two).
 */
export async function importCatalogFile(ds: DataSource, file: ByteSource, job: CatalogImportJob): Promise<ImportOutcome> {
  const connection = new TransactionalConnection(ds);
  const writer = new CatalogWriter(connection);
  const registry = new CatalogRegistry(
    connection,
    writer,
    new ProductService(connection, writer),
    new CategoryService(connection, writer),
    new StorePriceService(connection, writer),
  );
  const run = new ImportRun(job, registry.get(job.entity), connection);
  try {
    // no retry on a deadlock: the run's counters and duplicate tracking are not replayable
    await connection.withTransaction(
      new RequestContext(job.user, `import-${job.importId}`),
      async (tx) => {
        const m = connection.manager(tx);
        // no statement may outlive the job's time limit either
        await importRunSql.timeLimit(m, run.remainingMs());
        await run.execute(tx, file);
        const keep = job.mode === 'commit-valid' || (job.mode === 'commit' && run.failed === 0);
        const state = job.mode === 'validate' ? 'validated' : keep ? 'committed' : 'rejected';
        if (!keep) throw new Rollback(state);
        // the final state commits together with the data
        await importRunSql.committed(m, job.importId);
        await importRunSql.progress(m, job.importId, run.counters());
      },
      { retries: 0 },
    );
    return { state: 'committed', counters: run.counters() };
  } catch (caught) {
    const e = isStatementTimeout(caught) ? run.timeLimit() : caught;
    // a dry run or refused commit reports what would have been written
    if (e instanceof Rollback) return { state: e.message as 'validated' | 'rejected', counters: run.counters() };
    return { state: 'failed', error: e instanceof Error ? e : new Error(String(e)), counters: run.counters() };
  }
}

/** how often counters and row errors of a running import are written (they are always written at its end) */
const PROGRESS_EVERY_MS = 1000;

/**
 * One pass over one file, batch by batch, in the import worker: the file is read and parsed
 * (cells, duplicates inside the file: sheet-batches.ts), references resolved and rows written in
 * the import's transaction — batch N's statements run while batch N+1 is parsed. Errors go to
 * their table as they come.
 */
class ImportRun {
  read = 0;
  failed = 0;
  valid = 0;
  created = 0;
  updated = 0;
  unchanged = 0;
  private pendingErrors: RowError[] = [];
  private progressAt = 0;
  /** code → id of referenced records, filled in bulk per batch */
  private readonly refCache = new Map<string, Map<string, string | null>>();
  private readonly keyCols: string[];
  private readonly selfRef: RefSpec | undefined;
  /** sheet column key → the reference it names */
  private readonly refOf = new Map<string, RefSpec>();
  /** errors of reference columns waiting for a clerk's explanation (a name given for a code …) */
  private pendingHints: Array<{ error: RowError; ref: RefSpec; value: string }> = [];
  private readonly hintCache = new Map<string, string | null>();
  private readonly started: number;
  private readonly limits: ImportLimits;

  constructor(
    private readonly imp: CatalogImportJob,
    private readonly svc: CatalogService,
    private readonly connection: TransactionalConnection,
  ) {
    this.started = imp.startedAt;
    this.limits = imp.limits;
    this.keyCols = this.spec.naturalKey.map((k) => this.spec.refs.find((r) => r.prop === k)?.sheetKey ?? k);
    this.selfRef = this.spec.refs.find((r) => r.table === this.spec.table);
    for (const ref of this.spec.refs) {
      this.refCache.set(ref.sheetKey, new Map());
      this.refOf.set(ref.sheetKey, ref);
    }
  }

  private get spec(): CatalogSpec {
    return this.svc.spec;
  }

  counters() {
    return { rowsRead: this.read, rowsValid: this.valid, rowsFailed: this.failed, created: this.created, updated: this.updated, unchanged: this.unchanged };
  }

  remainingMs(): number {
    return this.started + this.limits.maxSeconds * 1000 - Date.now();
  }

  timeLimit(): DomainException {
    return importTimeLimit(this.limits.maxSeconds);
  }

  /** Errors of one row, counted once (a row's errors are always reported together). */
  private rowErrors(errors: RowError[], refValues?: Record<string, string>): void {
    if (!errors.length) return;
    this.failed++;
    for (const e of errors) {
      this.pendingErrors.push(e);
      const ref = this.refOf.get(e.column);
      if (ref && (e.code === 'BAD_CODE' || e.code === 'UNKNOWN_REFERENCE') && this.pendingHints.length < 100_000) {
        const value = refValues?.[e.column];
        if (value) this.pendingHints.push({ error: e, ref, value });
      }
      if (e.code === 'ENCODING' && this.imp.encoding) {
        e.message += ` — the file was read as ${ENCODING_LABEL[this.imp.encoding]}; save it as UTF-8, or upload it again with encoding=… / 文件按 ${ENCODING_LABEL[this.imp.encoding]} 读取，请另存为 UTF-8 或指定编码`;
      }
    }
  }

  async execute(tx: RequestContext, file: ByteSource): Promise<void> {
    const rows = readSheetRows({
      file,
      format: this.imp.format,
      encoding: this.imp.encoding ?? undefined,
      delimiter: this.imp.delimiter ?? undefined,
      limits: this.limits,
    });
    try {
      await this.readBatches(
        tx,
        sheetBatches(rows, {
          schema: this.spec.sheet,
          keyCols: this.keyCols,
          refKeys: [...this.refOf.keys()],
          selfRefKey: this.selfRef?.sheetKey,
          batchRows: this.imp.batchRows,
          maxRows: this.limits.maxRows,
          deadline: this.started + this.limits.maxSeconds * 1000,
          maxSeconds: this.limits.maxSeconds,
          expectHeader: { headerRow: this.imp.headerRow, headerRows: this.imp.headerRows },
        }),
      );
    } finally {
      // closes the file's reads whatever stopped the import
      await rows.return(undefined);
    }
  }

  /** Writes batch N while batch N+1 is parsed (one write in flight: the transaction's statements stay in order). */
  private async readBatches(tx: RequestContext, batches: AsyncGenerator<SheetBatch>): Promise<void> {
    let writing: Promise<void> = Promise.resolve();
    for await (const b of batches) {
      this.read += b.read;
      for (const f of b.failed) this.rowErrors(f.errors, f.refValues);
      if (this.remainingMs() <= 0) throw this.timeLimit();
      await writing;
      writing = this.flush(tx, b.rows);
      // awaited before the next flush and at the end; marked handled so a failure waits for that
      writing.catch(() => undefined);
      // a self-referencing entity (category) needs this batch's ids before the next is resolved
      if (this.selfRef) await writing;
    }
    await writing;
    await this.persistProgress(tx, true);
  }

  /** Resolves the batch's references in bulk (codes not seen before), saves it, records its errors and progress. */
  private async flush(tx: RequestContext, batch: ParsedRow[]): Promise<void> {
    if (!batch.length) return this.persistProgress(tx);
    for (const ref of this.spec.refs) {
      const cache = this.refCache.get(ref.sheetKey)!;
      const missing = [...new Set(batch.map((p) => p.values[ref.sheetKey]).filter((c): c is string => typeof c === 'string' && !cache.has(c)))];
      const found = await this.svc.resolveCodes(tx, ref, missing);
      for (const c of missing) cache.set(c, found.get(c) ?? null);
    }
    const inputs: SaveInput[] = [];
    let n = 0;
    for (const p of batch) {
      if ((++n & YIELD_MASK) === 0) await yieldToEventLoop();
      const values: Record<string, unknown> = {};
      const errors: RowError[] = [];
      for (const col of this.spec.sheet.columns) {
        if (!(col.key in p.values)) continue;
        const ref = this.refOf.get(col.key);
        const v = p.values[col.key];
        if (!ref) {
          // an empty cell keeps a NOT NULL column as it is (or its default on a new row)
          if (v === null && col.key in this.spec.defaults && this.spec.defaults[col.key] !== null) continue;
          values[col.key] = v;
          continue;
        }
        const id = v === null ? null : this.refCache.get(ref.sheetKey)!.get(v as string);
        if (id === undefined || (v !== null && id === null)) {
          const error: RowError = {
            row: p.row,
            column: col.key,
            code: 'UNKNOWN_REFERENCE',
            message: `${columnLabel(col)}: ${ref.zh} ${String(v)} does not exist / ${ref.zh} ${String(v)} 不存在`,
          };
          errors.push(error);
          this.pendingHints.push({ error, ref, value: String(v) });
        } else values[ref.prop] = id;
      }
      if (errors.length) this.rowErrors(errors);
      else inputs.push({ ref: p.row, values });
    }
    if (inputs.length) {
      const result = await this.svc.save(tx, inputs, 'upsert', { reason: `import ${this.imp.importId}`, refsResolved: true });
      const byRow = new Map<number, RowError[]>();
      for (const e of result.errors) {
        const list = byRow.get(e.ref) ?? [];
        list.push({ row: e.ref, column: this.sheetColumnOf(e.column), code: e.code, message: e.message });
        byRow.set(e.ref, list);
      }
      for (const errors of byRow.values()) this.rowErrors(errors);
      this.created += result.created;
      this.updated += result.updated;
      this.unchanged += result.unchanged;
      // a self-reference (category parent) may point at a row of this file written just now
      if (this.selfRef) {
        for (const i of inputs) {
          const id = result.ids.get(i.ref);
          if (id && i.values.code) this.refCache.get(this.selfRef.sheetKey)!.set(String(i.values.code), id);
        }
      }
    }
    await this.persistProgress(tx);
  }

  /**
   * Says what a clerk should write where a reference cell is not a known code: the code of the
   * record the cell names ("个" → PCS), or the codes that exist when there are few. One query per
   * reference for the names not explained before, in the import's transaction (rows of this file count).
   */
  private async explain(tx: RequestContext, hints: Array<{ error: RowError; ref: RefSpec; value: string }>): Promise<void> {
    if (!hints.length) return;
    const byRef = new Map<RefSpec, Set<string>>();
    for (const h of hints) {
      // a file of endless different wrong values gets the plain message after 10,000 of them
      if (this.hintCache.has(`${h.ref.sheetKey}\u0000${h.value}`) || this.hintCache.size >= 10_000) continue;
      let set = byRef.get(h.ref);
      if (!set) byRef.set(h.ref, (set = new Set()));
      set.add(h.value);
    }
    for (const [ref, values] of byRef) {
      const named = await this.svc.findByNames(tx, ref, [...values]);
      const some = await this.someCodes(tx, ref);
      for (const value of values) {
        const hits = named.filter((r) => r.name === value);
        let hint: string | null = null;
        if (hits.length) {
          const codes = hits.slice(0, 3).map((h) => h.code);
          hint = `"${value}" is the name of ${ref.zh} ${codes.join(' / ')}: write its code ${codes[0]} / “${value}”是${ref.zh}名称，请填写编码 ${codes.join(' 或 ')}`;
        } else if (some.length && some.length <= 10) {
          const list = some.map((r) => `${r.code} (${r.name})`).join(', ');
          hint = `there is no ${ref.zh} with the code "${value}"; the codes are ${list} / 没有编码为“${value}”的${ref.zh}，现有编码：${some.map((r) => `${r.code}（${r.name}）`).join('、')}`;
        } else if (!some.length) {
          hint = `there is no ${ref.zh} yet: import or create the ${ref.zh} first / 还没有任何${ref.zh}，请先导入或新建`;
        }
        this.hintCache.set(`${ref.sheetKey}\u0000${value}`, hint);
      }
    }
    for (const h of hints) {
      const hint = this.hintCache.get(`${h.ref.sheetKey}\u0000${h.value}`);
      if (hint) h.error.message = `${columnLabel(this.spec.sheet.columns.find((c) => c.key === h.ref.sheetKey)!)}: ${hint}`;
    }
  }

  private readonly codeSamples = new Map<RefSpec, Array<{ code: string; name: string }>>();

  private async someCodes(tx: RequestContext, ref: RefSpec): Promise<Array<{ code: string; name: string }>> {
    let some = this.codeSamples.get(ref);
    if (!some) this.codeSamples.set(ref, (some = await this.svc.someCodes(tx, ref, 11)));
    return some;
  }

  private sheetColumnOf(prop: string): string {
    return this.spec.refs.find((r) => r.prop === prop)?.sheetKey ?? prop;
  }

  /**
   * Errors and counters go outside the import's transaction, so progress shows while it runs; at
   * most about once a second (each is a round trip on the write path), and always at the end.
   */
  private async persistProgress(tx: RequestContext, final = false): Promise<void> {
    this.valid = this.read - this.failed;
    const now = Date.now();
    if (!final && now - this.progressAt < PROGRESS_EVERY_MS) return;
    this.progressAt = now;
    const ds = this.connection.dataSource;
    if (this.pendingErrors.length) {
      // the errors and their hints as of now (parsing goes on meanwhile)
      const rows = this.pendingErrors;
      this.pendingErrors = [];
      const hints = this.pendingHints;
      this.pendingHints = [];
      await this.explain(tx, hints);
      await importRunSql.errors(ds.manager, this.imp.importId, rows);
    }
    await importRunSql.progress(ds.manager, this.imp.importId, this.counters());
  }
}
