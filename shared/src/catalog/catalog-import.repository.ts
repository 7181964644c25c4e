import { type EntityManager } from 'typeorm';
import { sqlStatements } from '../common/sql-statements';
import { type RowError } from '../excel/sheet-schema';
import type { ImportCounters } from './catalog-import-run';

const SQL = sqlStatements(
  'catalog.import-run',
  {
    progress: `UPDATE catalog_import SET rows_read = $2, rows_valid = $3, rows_failed = $4, created = $5, updated = $6, unchanged = $7, updated_at = clock_timestamp() WHERE id = $1`,
    committed: `UPDATE catalog_import SET state = 'committed', finished_at = clock_timestamp() WHERE id = $1`,
    errors: `INSERT INTO catalog_import_error (import_id, "row", "column", code, message)
         SELECT $1, x.row, x.column, x.code, x.message FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS x("row", "column", code, message)`,
  },
  ['hq'],
);

/**
 * The SQL the import's worker runs about the import itself (catalog-import-run.ts): its progress and
 * row errors (on the worker's pool, outside the import's transaction, so they show while it runs)
 * and its final state (in the transaction, committed with the data). The rows it imports go through
 * the catalog's one write path (CatalogWriter). Plain functions: the worker has no Nest container.
 */
export const importRunSql = {
  async progress(m: EntityManager, importId: string, c: ImportCounters): Promise<void> {
    await m.query(SQL.progress, [importId, c.rowsRead, c.rowsValid, c.rowsFailed, c.created, c.updated, c.unchanged]);
  },

  async committed(m: EntityManager, importId: string): Promise<void> {
    await m.query(SQL.committed, [importId]);
  },

  async errors(m: EntityManager, importId: string, rows: RowError[]): Promise<void> {
    await m.query(SQL.errors, [importId, rows.map((e) => e.row), rows.map((e) => e.column.slice(0, 64)), rows.map((e) => String(e.code).slice(0, 64)), rows.map((e) => e.message)]);
  },

  /**
   * No statement of the import's transaction may outlive the job's time limit. `SET` takes no
   * parameter and is no statement PREPARE takes: not declared (the value is a whole number of ms).
   */
  async timeLimit(m: EntityManager, ms: number): Promise<void> {
    await m.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(ms))}`);
  },
};
