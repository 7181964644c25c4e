import { Inject, Injectable, Logger, OnApplicationBootstrap, StreamableFile } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  attachment,
  ByteSource,
  CatalogEntityKey,
  CatalogError,
  CatalogRegistry,
  CatalogSpec,
  CommonError,
  DomainException,
  ErrorFileQueryDto,
  ExcelError,
  FileStore,
  ImportLimits,
  ImportListQueryDto,
  ImportMode,
  ImportOptionsDto,
  ImportOutcome,
  JobName,
  JobQueue,
  locateHeader,
  notFound,
  OnJob,
  Page,
  PageQueryDto,
  readSheetRows,
  RequestContext,
  runCatalogImportInWorker,
  SharedStringsCut,
  SheetEncoding,
  SheetFormat,
  SheetHeader,
  SheetSource,
  sniffSheet,
  TransactionalConnection,
  writeAnnotated,
  XLSX_MIME,
} from '@chain-erp/shared';
import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { PassThrough } from 'node:stream';
import { CatalogImport, CatalogImportError, CatalogImportView, importView } from './catalog-import.entity';
import { CatalogImportRepository } from './catalog-import.repository';

export { IMPORT_ERROR_SORT, IMPORT_SORT } from './catalog-import.repository';

/** What multer hands over for a stored upload. */
export interface UploadedSheet {
  originalname: string;
  path: string;
  size: number;
}

/**
 * Bulk import of base data: the upload is checked (type, header) and kept in the file store (the
 * storage port: PostgreSQL by default, so the job reads it on whichever HQ instance takes it), then a
 * CatalogImport job hands it to a worker (a process of its own by default) that reads it from the
 * store and streams it in batches through the entity's one write path in one transaction on its own
 * connection — kept (commit / commit-valid) or rolled back (validate, or commit with errors); this
 * side records how it ended (catalog-import-run.ts).
 */
@Injectable()
export class CatalogImportService implements OnApplicationBootstrap {
  private readonly logger = new Logger('CatalogImport');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly repo: CatalogImportRepository,
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
      const row = await this.repo.insert(ctx, {
        id,
        entity: key,
        mode: opts.mode ?? 'validate',
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
    const row = await this.repo.find(ctx, id);
    if (!row) throw notFound('import 导入', id);
    return row;
  }

  async list(ctx: RequestContext, q: ImportListQueryDto): Promise<Page<CatalogImportView>> {
    const page = await this.repo.list(ctx, q.entity, q);
    return { items: page.items.map(importView), total: page.total };
  }

  async errors(ctx: RequestContext, id: string, q: PageQueryDto): Promise<Page<CatalogImportError>> {
    await this.find(ctx, id);
    return this.repo.errors(ctx, id, q);
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
    const rows = await this.repo.errorMessages(ctx, id);
    const byRow = new Map<number, string>();
    for (const e of rows) byRow.set(e.row, byRow.has(e.row) ? `${byRow.get(e.row)}; ${e.message}` : e.message);
    const out = new PassThrough();
    writeAnnotated(sourceOf(imp, file, this.config.importLimits), imp, byRow, out, { failedOnly: !!q.failedOnly }).catch((e: Error) => out.destroy(e));
    const base = imp.fileName.replace(/\.[^.]+$/, '') || 'import';
    return new StreamableFile(out, { type: XLSX_MIME, disposition: attachment(`${base}-errors.xlsx`, `import-${imp.id.slice(0, 8)}-errors.xlsx`) });
  }

  @OnJob(JobName.CatalogImport)
  async run(payload: { importId: string }): Promise<void> {
    const imp = await this.repo.find(null, payload.importId);
    if (!imp || !['queued', 'running'].includes(imp.state)) return; // finished already: a repeated job is harmless
    await this.repo.start(imp.id, new Date());
    let failed: number | null = null;
    try {
      // a stored file that is gone fails the import with STORED_FILE_MISSING, never the process (checked here
      // without a byte read: the worker reads the file on its own connection, so none of it is in HQ's memory)
      await this.files.open(imp.filePath);
      const outcome = await runCatalogImportInWorker({
        importId: imp.id,
        file: this.files.locate(imp.filePath),
        entity: imp.entity as CatalogEntityKey,
        mode: imp.mode as ImportMode,
        format: imp.format as SheetFormat,
        encoding: (imp.encoding ?? null) as SheetEncoding | null,
        delimiter: (imp.delimiter ?? null) as ',' | '\t' | null,
        headerRow: imp.headerRow,
        headerRows: imp.headerRows,
        user: {
          id: imp.createdBy ?? '00000000-0000-0000-0000-000000000000',
          username: imp.createdByName ?? 'import',
          orgUnitId: imp.orgUnitId ?? '',
          orgUnitCode: 'HQ',
          orgKind: 'hq',
          permissions: ['*'],
        },
        batchRows: this.config.importBatchRows,
        limits: this.config.importLimits,
        startedAt: Date.now(),
        databaseUrl: databaseUrlOf(this.connection),
        heapMb: this.config.importWorkerHeapMb,
        isolation: this.config.importIsolation,
      });
      failed = await this.record(imp, outcome);
    } catch (e) {
      failed = await this.record(imp, { state: 'failed', error: e as Error, counters: null });
    } finally {
      // the upload is only needed for the annotated error workbook: kept when rows failed, for a while
      if (failed === 0) await this.files.delete([imp.filePath]).catch((e: unknown) => this.logger.warn({ err: e }, 'removing an import file failed'));
      await this.removeExpiredFiles().catch((e: unknown) => this.logger.warn({ err: e }, 'removing old import files failed'));
    }
  }

  /** Records how an import ended (a committed one recorded itself with its data); answers its failed rows. */
  private async record(imp: CatalogImport, outcome: ImportOutcome): Promise<number> {
    if (outcome.state === 'committed') return outcome.counters.rowsFailed;
    if (outcome.state !== 'failed') {
      // a dry run or refused commit reports what would have been written
      await this.repo.finish(imp.id, outcome.state, outcome.counters, new Date());
      return outcome.counters.rowsFailed;
    }
    const e = outcome.error;
    const known = e instanceof DomainException && e.status < 500;
    if (!known) this.logger.error({ err: e, importId: imp.id }, 'import failed');
    // only a running import: a worker that died after its COMMIT (before it said so) stays committed
    await this.repo.fail(
      imp.id,
      outcome.counters,
      new Date(),
      known ? e.code : CommonError.INTERNAL_ERROR,
      known ? e.message : 'the import stopped on an internal error; nothing was written / 导入因内部错误中止，未写入任何数据',
    );
    return outcome.counters?.rowsFailed ?? (await this.repo.rowsFailed(imp.id));
  }

  /** Stored uploads of imports finished more than IMPORT_KEEP_DAYS ago (also run at start-up). */
  async removeExpiredFiles(): Promise<number> {
    return this.files.delete(await this.repo.expiredFiles(this.config.importKeepDays));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.removeExpiredFiles().catch((e: unknown) => this.logger.warn({ err: e }, 'removing old import files failed'));
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

/** HQ's database as its own pool reaches it: the import worker opens its own connection there. */
function databaseUrlOf(connection: TransactionalConnection): string {
  return (connection.dataSource.options as { url?: string }).url!;
}

/**
 * Shared strings HQ's main thread reads to check a header at upload: Excel writes the table in order
 * of first use, so the first rows' texts are among the first few (docs/catalog.md "Scale").
 */
const HEADER_SHARED_STRINGS = 1000;

/** Finds the header row(s) and makes sure data follows; refuses a sheet the job could not read. */
async function readHeader(spec: CatalogSpec, src: SheetSource): Promise<SheetHeader> {
  try {
    return await locateFileHeader(spec, { ...src, sharedStringsKept: HEADER_SHARED_STRINGS });
  } catch (e) {
    // a workbook whose first rows use later shared strings: read again with the whole table
    if (e instanceof SharedStringsCut) return locateFileHeader(spec, src);
    throw e;
  }
}

async function locateFileHeader(spec: CatalogSpec, src: SheetSource): Promise<SheetHeader> {
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

export type { ImportMode };
