import { Injectable } from '@nestjs/common';
import { defineSort, orderTerms, type Page, pageParams, type PageQueryDto, queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import type { ImportCounters } from '@chain-erp/shared';
import type { EntityManager } from 'typeorm';
import type { CatalogImport, CatalogImportError, ImportState } from './catalog-import.entity';

export const IMPORT_SORT = defineSort({ createdAt: 'i.created_at' }, '-createdAt');
export const IMPORT_ERROR_SORT = defineSort({ row: 'e."row"' }, 'row');

/** Every column of an import under its property name (CatalogImport's types: bigint as text, jsonb parsed, timestamps as Date). */
const IMPORT_COLUMNS = `i.id, i.entity, i.mode, i.state, i.file_name AS "fileName", i.file_path AS "filePath", i.file_size AS "fileSize", i.format, i.encoding, i.delimiter,
  i.header_row AS "headerRow", i.header_rows AS "headerRows", i.rows_read AS "rowsRead", i.rows_valid AS "rowsValid", i.rows_failed AS "rowsFailed", i.created, i.updated,
  i.unchanged, i.ignored_headers AS "ignoredHeaders", i.error_code AS "errorCode", i.message, i.created_by AS "createdBy", i.created_by_name AS "createdByName",
  i.org_unit_id AS "orgUnitId", i.started_at AS "startedAt", i.finished_at AS "finishedAt", i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;
const ERROR_COLUMNS = `e.id, e.import_id AS "importId", e."row", e."column", e.code, e.message`;

const listPage = (order: string) => `SELECT ${IMPORT_COLUMNS} FROM catalog_import i WHERE ($1::text IS NULL OR i.entity = $1) ORDER BY ${order} LIMIT $2 OFFSET $3`;
const errorPage = (order: string) => `SELECT ${ERROR_COLUMNS} FROM catalog_import_error e WHERE e.import_id = $1 ORDER BY ${order} LIMIT $2 OFFSET $3`;

const SQL = sqlStatements(
  'catalog.import',
  {
    insert: `INSERT INTO catalog_import AS i (id, entity, mode, state, file_name, file_path, file_size, format, encoding, delimiter, header_row, header_rows, ignored_headers,
               created_by, created_by_name, org_unit_id)
             VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15) RETURNING ${IMPORT_COLUMNS}`,
    find: `SELECT ${IMPORT_COLUMNS} FROM catalog_import i WHERE i.id = $1`,
    count: `SELECT count(*)::int AS n FROM catalog_import i WHERE ($1::text IS NULL OR i.entity = $1)`,
    page: listPage(orderTerms(undefined, IMPORT_SORT)),
    pageOldestFirst: listPage(orderTerms('createdAt', IMPORT_SORT)),
    errorCount: `SELECT count(*)::int AS n FROM catalog_import_error e WHERE e.import_id = $1`,
    errorPage: errorPage(orderTerms(undefined, IMPORT_ERROR_SORT)),
    errorPageLastFirst: errorPage(orderTerms('-row', IMPORT_ERROR_SORT)),
    errorMessages: `SELECT "row", message FROM catalog_import_error WHERE import_id = $1 ORDER BY "row", id`,
    start: `UPDATE catalog_import SET state = 'running', started_at = $2, rows_read = 0, rows_valid = 0, rows_failed = 0, created = 0, updated = 0, unchanged = 0, updated_at = now()
             WHERE id = $1`,
    clearErrors: `DELETE FROM catalog_import_error WHERE import_id = $1`,
    // only a running import: a worker that died after its COMMIT (before it said so) stays committed
    finish: `UPDATE catalog_import SET rows_read = $3, rows_valid = $4, rows_failed = $5, created = $6, updated = $7, unchanged = $8, state = $2, finished_at = $9, updated_at = now()
              WHERE id = $1 AND state = 'running'`,
    // null counters: a worker that died left its progress as it last wrote it
    fail: `UPDATE catalog_import SET rows_read = coalesce($2, rows_read), rows_valid = coalesce($3, rows_valid), rows_failed = coalesce($4, rows_failed),
              created = 0, updated = 0, unchanged = 0, state = 'failed', finished_at = $5, error_code = $6, message = $7, updated_at = now()
            WHERE id = $1 AND state = 'running'`,
    rowsFailed: `SELECT rows_failed FROM catalog_import WHERE id = $1`,
    expiredFiles: `SELECT file_path FROM catalog_import WHERE finished_at < now() - make_interval(secs => $1 * 86400) AND state NOT IN ('queued', 'running')`,
  },
  ['hq'],
);

/** What an upload records of a new import (the rest: the table's defaults). */
export type NewImport = Pick<
  CatalogImport,
  | 'id'
  | 'entity'
  | 'mode'
  | 'fileName'
  | 'filePath'
  | 'fileSize'
  | 'format'
  | 'encoding'
  | 'delimiter'
  | 'headerRow'
  | 'headerRows'
  | 'ignoredHeaders'
  | 'createdBy'
  | 'createdByName'
  | 'orgUnitId'
>;

/** A row error as the annotated workbook needs it. */
export type ImportErrorMessageRow = Pick<CatalogImportError, 'row' | 'message'>;

/**
 * The SQL of HQ's side of 导入 (CatalogImportService): the import's row (upload, state, how it
 * ended), its lists and its expired files. The import itself (its worker's writes and progress)
 * runs in the worker: shared/src/catalog/catalog-import.repository.ts. A job has no request: its
 * statements run on the pool (`jobManager`).
 */
@Injectable()
export class CatalogImportRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get jobManager(): EntityManager {
    return this.connection.dataSource.manager;
  }

  async insert(ctx: RequestContext, row: NewImport): Promise<CatalogImport> {
    const [created] = await queryRows<CatalogImport>(this.connection.manager(ctx), SQL.insert, [
      row.id,
      row.entity,
      row.mode,
      row.fileName,
      row.filePath,
      row.fileSize,
      row.format,
      row.encoding,
      row.delimiter,
      row.headerRow,
      row.headerRows,
      JSON.stringify(row.ignoredHeaders),
      row.createdBy,
      row.createdByName,
      row.orgUnitId,
    ]);
    return created;
  }

  /** An import (without a request: the job's). */
  async find(ctx: RequestContext | null, id: string): Promise<CatalogImport | undefined> {
    return (await queryRows<CatalogImport>(ctx ? this.connection.manager(ctx) : this.jobManager, SQL.find, [id]))[0];
  }

  async list(ctx: RequestContext, entity: string | undefined, q: PageQueryDto): Promise<Page<CatalogImport>> {
    const m = this.connection.manager(ctx);
    const [{ n }] = await queryRows<{ n: number }>(m, SQL.count, [entity ?? null]);
    const items = await queryRows<CatalogImport>(m, listPage(orderTerms(q.sort, IMPORT_SORT)), [entity ?? null, ...pageParams(q)]);
    return { items, total: n };
  }

  async errors(ctx: RequestContext, id: string, q: PageQueryDto): Promise<Page<CatalogImportError>> {
    const m = this.connection.manager(ctx);
    const [{ n }] = await queryRows<{ n: number }>(m, SQL.errorCount, [id]);
    const items = await queryRows<CatalogImportError>(m, errorPage(orderTerms(q.sort, IMPORT_ERROR_SORT)), [id, ...pageParams(q)]);
    return { items, total: n };
  }

  /** Every row error of an import in row order. */
  errorMessages(ctx: RequestContext, id: string): Promise<ImportErrorMessageRow[]> {
    return queryRows<ImportErrorMessageRow>(this.connection.manager(ctx), SQL.errorMessages, [id]);
  }

  /** The job starts (again): counters from zero, the errors of an earlier attempt gone. */
  async start(id: string, at: Date): Promise<void> {
    await this.jobManager.query(SQL.start, [id, at]);
    await this.jobManager.query(SQL.clearErrors, [id]);
  }

  /** A dry run or a refused commit: what would have been written. */
  async finish(id: string, state: Exclude<ImportState, 'queued' | 'running' | 'failed'>, c: ImportCounters, at: Date): Promise<void> {
    await this.jobManager.query(SQL.finish, [id, state, c.rowsRead, c.rowsValid, c.rowsFailed, c.created, c.updated, c.unchanged, at]);
  }

  /** A failure: nothing written (null counters: as the worker last wrote them). */
  async fail(id: string, c: ImportCounters | null, at: Date, errorCode: string, message: string): Promise<void> {
    await this.jobManager.query(SQL.fail, [id, c?.rowsRead ?? null, c?.rowsValid ?? null, c?.rowsFailed ?? null, at, errorCode, message]);
  }

  async rowsFailed(id: string): Promise<number> {
    return (await queryRows<{ rows_failed: number }>(this.jobManager, SQL.rowsFailed, [id]))[0].rows_failed;
  }

  /** Stored files of imports finished more than `days` ago. */
  async expiredFiles(days: number): Promise<string[]> {
    return (await queryRows<{ file_path: string }>(this.jobManager, SQL.expiredFiles, [days])).map((r) => r.file_path);
  }
}
