import { Inject, Injectable, Logger, OnApplicationBootstrap, StreamableFile } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  attachment,
  ByteSource,
  CatalogEntityKey,
  CatalogError,
  CatalogRegistry,
  CatalogService,
  CatalogSpec,
  columnLabel,
  CommonError,
  defineSort,
  DomainException,
  ENCODING_LABEL,
  ErrorFileQueryDto,
  ExcelError,
  FileStore,
  ImportLimits,
  importTimeLimit,
  ImportListQueryDto,
  ImportMode,
  ImportOptionsDto,
  JobName,
  JobQueue,
  locateHeader,
  notFound,
  OnJob,
  Page,
  PageQueryDto,
  paginate,
  parseSheetInWorker,
  ParsedRow,
  queryRows,
  readSheetRows,
  RefSpec,
  RequestContext,
  RowError,
  SaveInput,
  SheetBatch,
  SheetEncoding,
  SheetHeader,
  SheetSource,
  sniffSheet,
  TransactionalConnection,
  writeAnnotated,
  XLSX_MIME,
  YIELD_MASK,
  yieldToEventLoop,
} from '@chain-erp/shared';
import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { PassThrough } from 'node:stream';
import { CatalogImport, CatalogImportError, CatalogImportView, importView } from './catalog-import.entity';

export const IMPORT_SORT = defineSort({ createdAt: 'i.created_at' }, '-createdAt');
export const IMPORT_ERROR_SORT = defineSort({ row: 'e.row' }, 'row');

/** What multer hands over for a stored upload. */
export interface UploadedSheet {
  originalname: string;
  path: string;
  size: number;
}

/** rolls an import's transaction back on purpose (dry run, or all-or-nothing with errors) */
class Rollback extends Error {}

/**
 * Bulk import of base data: the upload is checked (type, header) and kept in the file store (the
 * storage port: PostgreSQL by default, so the job reads it on whichever HQ instance takes it), then a
 * CatalogImport job streams it in batches through the entity's one write path in one transaction —
 * kept (commit / commit-valid) or rolled back (validate, or commit with errors).
 */
@Injectable()
export class CatalogImportService implements OnApplicationBootstrap {
  private readonly logger = new Logger('CatalogImport');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly registry: CatalogRegistry,
    private readonly jobs: JobQueue,
    private readonly files: FileStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(ctx: RequestContext, key: CatalogEntityKey, file: UploadedSheet | undefined, opts: ImportOptionsDto): Promise<CatalogImportView> {
    const svc = this.registry.get(key);
    let stored: string | undefined;
    try {
      svc.assertHq(ctx);
      if (!ctx.can('catalog.import') || !ctx.can(svc.spec.writePermission)) {
        throw new DomainException(CommonError.PERMISSION_DENIED, 'importing needs catalog.import and the write permission of the data / 无导入权限', undefined, {
          permission: ['catalog.import', svc.spec.writePermission],
        });
      }
      if (!file) throw new DomainException(ExcelError.IMPORT_FILE_REQUIRED, 'upload a file in the form field `file` / 请上传文件', [{ field: 'file', message: 'required' }]);
      // everything a bomb could hide is checked here, before a job starts: the zip directory
      // (entries, unpacked size), the encoding of the whole text, the header and the first data row
      const src = await sniffSheet(file.path, file.originalname, opts.encoding, this.config.importLimits);
      const header = await readHeader(svc.spec, src);
      const id = randomUUID();
      const fileKey = `imports/${id}${src.format === 'xlsx' ? '.xlsx' : extname(file.originalname).toLowerCase() || '.txt'}`;
      await this.files.save(fileKey, file.path);
      stored = fileKey;
      const row = await this.connection.repo(ctx, CatalogImport).save({
        id,
        entity: key,
        mode: opts.mode ?? 'validate',
        state: 'queued' as const,
        fileName: file.originalname.slice(0, 255),
        filePath: fileKey,
        fileSize: String(file.size),
        format: src.format,
        encoding: src.encoding ?? null,
        delimiter: src.delimiter ?? null,
        headerRow: header.headerRow,
        headerRows: header.headerRows,
        ignoredHeaders: header.map.unknown.slice(0, 50).map((h) => h.slice(0, 100)),
        createdBy: ctx.userId,
        createdByName: ctx.user?.username ?? null,
        orgUnitId: ctx.user?.orgUnitId ?? null,
      });
      await this.jobs.enqueue(JobName.CatalogImport, { importId: id }, { jobId: `catalog-import-${id}` });
      return importView(row);
    } catch (e) {
      // the request's temporary file is removed by RemoveUpload; a copy already stored is ours
      if (stored) await this.files.delete([stored]).catch(() => undefined);
      throw e;
    }
  }

  async get(ctx: RequestContext, id: string): Promise<CatalogImportView> {
    return importView(await this.find(ctx, id));
  }

  private async find(ctx: RequestContext, id: string): Promise<CatalogImport> {
    const row = await this.connection.repo(ctx, CatalogImport).findOneBy({ id });
    if (!row) throw notFound('import 导入', id);
    return row;
  }

  async list(ctx: RequestContext, q: ImportListQueryDto): Promise<Page<CatalogImportView>> {
    const qb = this.connection.repo(ctx, CatalogImport).createQueryBuilder('i');
    if (q.entity) qb.andWhere('i.entity = :entity', { entity: q.entity });
    const page = await paginate(qb, q, IMPORT_SORT);
    return { items: page.items.map(importView), total: page.total };
  }

  async errors(ctx: RequestContext, id: string, q: PageQueryDto): Promise<Page<CatalogImportError>> {
    await this.find(ctx, id);
    const qb = this.connection.repo(ctx, CatalogImportError).createQueryBuilder('e').where('e.import_id = :id', { id });
    return paginate(qb, q, IMPORT_ERROR_SORT);
  }

  /** The uploaded rows back as .xlsx with an error column, for fixing and uploading again. */
  async errorFile(ctx: RequestContext, id: string, q: ErrorFileQueryDto): Promise<StreamableFile> {
    const imp = await this.find(ctx, id);
    if (!['validated', 'committed', 'rejected'].includes(imp.state))
      throw new DomainException(CatalogError.CATALOG_IMPORT_NOT_FINISHED, `the import is ${imp.state} / 导入尚未完成`);
    const file = await this.files.open(imp.filePath).catch(() => null);
    if (!file) {
      throw new DomainException(
        CatalogError.CATALOG_IMPORT_FILE_EXPIRED,
        `the uploaded file is kept ${this.config.importKeepDays} days when rows failed, and not at all when none did; use GET …/errors / 上传文件已清理，请查看错误列表`,
      );
    }
    const rows = await this.connection.repo(ctx, CatalogImportError).find({ where: { importId: id }, order: { row: 'ASC', id: 'ASC' } });
    const byRow = new Map<number, string>();
    for (const e of rows) byRow.set(e.row, byRow.has(e.row) ? `${byRow.get(e.row)}; ${e.message}` : e.message);
    const out = new PassThrough();
    writeAnnotated(sourceOf(imp, file, this.config.importLimits), imp, byRow, out, { failedOnly: !!q.failedOnly }).catch((e) => out.destroy(e));
    const base = imp.fileName.replace(/\.[^.]+$/, '') || 'import';
    return new StreamableFile(out, { type: XLSX_MIME, disposition: attachment(`${base}-errors.xlsx`, `import-${imp.id.slice(0, 8)}-errors.xlsx`) });
  }

  @OnJob(JobName.CatalogImport)
  async run(payload: { importId: string }): Promise<void> {
    const repo = this.connection.dataSource.getRepository(CatalogImport);
    const imp = await repo.findOneBy({ id: payload.importId });
    if (!imp || !['queued', 'running'].includes(imp.state)) return; // finished already: a repeated job is harmless
    await repo.update(imp.id, { state: 'running', startedAt: new Date(), rowsRead: 0, rowsValid: 0, rowsFailed: 0, created: 0, updated: 0, unchanged: 0 });
    await this.connection.dataSource.getRepository(CatalogImportError).delete({ importId: imp.id });
    const ctx = new RequestContext(
      {
        id: imp.createdBy ?? '00000000-0000-0000-0000-000000000000',
        username: imp.createdByName ?? 'import',
        orgUnitId: imp.orgUnitId ?? '',
        orgUnitCode: 'HQ',
        orgKind: 'hq',
        permissions: ['*'],
      },
      `import-${imp.id}`,
    );
    const run = new ImportRun(
      imp,
      this.registry.get(imp.entity as CatalogEntityKey),
      this.connection,
      this.config.importBatchRows,
      this.config.importLimits,
      this.files,
      this.config.importWorkerHeapMb,
    );
    try {
      await this.execute(imp, ctx, run);
    } finally {
      // the upload is only needed for the annotated error workbook: kept when rows failed, for a while
      if (run.failed === 0) await this.files.delete([imp.filePath]).catch((e) => this.logger.warn({ err: e }, 'removing an import file failed'));
      await this.removeExpiredFiles().catch((e) => this.logger.warn({ err: e }, 'removing old import files failed'));
    }
  }

  /** Stored uploads of imports finished more than IMPORT_KEEP_DAYS ago (also run at start-up). */
  async removeExpiredFiles(): Promise<number> {
    const rows = await queryRows<{ file_path: string }>(
      this.connection.dataSource.manager,
      `SELECT file_path FROM catalog_import WHERE finished_at < now() - make_interval(secs => $1 * 86400) AND state NOT IN ('queued', 'running')`,
      [this.config.importKeepDays],
    );
    return this.files.delete(rows.map((r) => r.file_path));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.removeExpiredFiles().catch((e) => this.logger.warn({ err: e }, 'removing old import files failed'));
  }

  private async execute(imp: CatalogImport, ctx: RequestContext, run: ImportRun): Promise<void> {
    const repo = this.connection.dataSource.getRepository(CatalogImport);
    try {
      // no retry on a deadlock: the run's counters and duplicate tracking are not replayable
      await this.connection.withTransaction(
        ctx,
        async (tx) => {
          // no statement may outlive the job's time limit either
          await this.connection.manager(tx).query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(run.remainingMs()))}`);
          await run.execute(tx);
          const keep = imp.mode === 'commit-valid' || (imp.mode === 'commit' && run.failed === 0);
          const state = imp.mode === 'validate' ? 'validated' : keep ? 'committed' : 'rejected';
          if (!keep) throw new Rollback(state);
          // the final state commits together with the data
          await this.connection.repo(tx, CatalogImport).update(imp.id, { ...run.counters(), state, finishedAt: new Date() });
        },
        { retries: 0 },
      );
    } catch (caught) {
      const e = isStatementTimeout(caught) ? run.timeLimit() : caught;
      if (e instanceof Rollback) {
        // a dry run or refused commit reports what would have been written
        await repo.update(imp.id, { ...run.counters(), state: e.message as 'validated' | 'rejected', finishedAt: new Date() });
        return;
      }
      const known = e instanceof DomainException && e.status < 500;
      if (!known) this.logger.error({ err: e, importId: imp.id }, 'import failed');
      await repo.update(imp.id, {
        ...run.counters(),
        created: 0,
        updated: 0,
        unchanged: 0,
        state: 'failed',
        finishedAt: new Date(),
        errorCode: known ? e.code : CommonError.INTERNAL_ERROR,
        message: known ? e.message : 'the import stopped on an internal error; nothing was written / 导入因内部错误中止，未写入任何数据',
      });
    }
  }
}

function sourceOf(imp: CatalogImport, file: ByteSource, limits: ImportLimits): SheetSource {
  return {
    file,
    format: imp.format as SheetSource['format'],
    encoding: (imp.encoding ?? undefined) as SheetEncoding | undefined,
    delimiter: (imp.delimiter ?? undefined) as ',' | '\t' | undefined,
    limits,
  };
}

function isStatementTimeout(e: unknown): boolean {
  return (e as { driverError?: { code?: string } })?.driverError?.code === '57014';
}

/** Finds the header row(s) and makes sure data follows; refuses a sheet the job could not read. */
async function readHeader(spec: CatalogSpec, src: SheetSource): Promise<SheetHeader> {
  const rows = readSheetRows(src);
  try {
    const { header, first } = await locateHeader(spec.sheet, rows);
    if (!first) throw new DomainException(ExcelError.IMPORT_FILE_EMPTY, 'the file has no data rows / 文件中没有数据行', [{ field: 'file', message: 'no data rows' }]);
    return header;
  } finally {
    // closes the file (and the zip) at once
    await rows.return(undefined);
  }
}

/** how often counters and row errors of a running import are written (they are always written at its end) */
const PROGRESS_EVERY_MS = 1000;

/**
 * One pass over one file, batch by batch: a worker thread reads and parses the file (cells,
 * duplicates inside the file: sheet-parser.ts) and hands over typed rows; this side resolves
 * references and writes them in the import's transaction, batch N while the worker parses N+1.
 * Memory on HQ's main thread holds the batch being written and the one waiting; errors go to their
 * table as they come.
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
  private readonly started = Date.now();

  constructor(
    private readonly imp: CatalogImport,
    private readonly svc: CatalogService,
    private readonly connection: TransactionalConnection,
    private readonly batchRows: number,
    private readonly limits: ImportLimits,
    private readonly files: FileStore,
    private readonly workerHeapMb: number,
  ) {
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
        e.message += ` — the file was read as ${ENCODING_LABEL[this.imp.encoding as SheetEncoding]}; save it as UTF-8, or upload it again with encoding=… / 文件按 ${ENCODING_LABEL[this.imp.encoding as SheetEncoding]} 读取，请另存为 UTF-8 或指定编码`;
      }
    }
  }

  async execute(tx: RequestContext): Promise<void> {
    // a stored file that is gone fails the import with STORED_FILE_MISSING, never the process
    const file = await this.files.open(this.imp.filePath);
    const batches = parseSheetInWorker(file, {
      format: this.imp.format as SheetSource['format'],
      encoding: (this.imp.encoding ?? undefined) as SheetEncoding | undefined,
      delimiter: (this.imp.delimiter ?? undefined) as ',' | '\t' | undefined,
      limits: this.limits,
      schema: this.spec.sheet,
      keyCols: this.keyCols,
      refKeys: [...this.refOf.keys()],
      selfRefKey: this.selfRef?.sheetKey,
      batchRows: this.batchRows,
      maxRows: this.limits.maxRows,
      deadline: this.started + this.limits.maxSeconds * 1000,
      maxSeconds: this.limits.maxSeconds,
      expectHeader: { headerRow: this.imp.headerRow, headerRows: this.imp.headerRows },
      heapMb: this.workerHeapMb,
    });
    try {
      await this.readBatches(tx, batches);
    } finally {
      // stops the worker (and closes the file) whatever stopped the read
      await batches.return(undefined);
    }
  }

  /** Writes batch N while the worker parses batch N+1 (one write in flight: the transaction's statements stay in order). */
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
      const result = await this.svc.save(tx, inputs, 'upsert', { reason: `import ${this.imp.id}`, refsResolved: true });
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
      await ds.query(
        `INSERT INTO catalog_import_error (import_id, "row", "column", code, message)
         SELECT $1, x.row, x.column, x.code, x.message FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS x("row", "column", code, message)`,
        [this.imp.id, rows.map((e) => e.row), rows.map((e) => e.column.slice(0, 64)), rows.map((e) => String(e.code).slice(0, 64)), rows.map((e) => e.message)],
      );
    }
    await ds.getRepository(CatalogImport).update(this.imp.id, this.counters());
  }
}

export type { ImportMode };
