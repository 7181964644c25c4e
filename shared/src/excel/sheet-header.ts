import { DomainException } from '../common/errors';
import { ExcelError } from './excel.errors';
import { HEADER_SEARCH_ROWS } from './import-limits';
import { type RawRow } from './sheet-reader';
import { columnLabel, type HeaderMap, isHeaderRow, mapHeader, missingLabels, type SheetSchema } from './sheet-schema';

/** Where a sheet's header is: a title row or two above it ("商品资料 2026-12") is usual. */
export interface SheetHeader {
  map: HeaderMap;
  /** the row holding the headers */
  headerRow: number;
  /** the last row of the header (the template's English row right under the Chinese one) */
  headerRows: number;
}

/**
 * Finds the header among the first HEADER_SEARCH_ROWS rows: the first row holding every required
 * column of the template (and one of each `oneOf` group). Every sheet upload uses it: base data,
 * purchase-order lines, count sheets. Reads the rows it needs from `rows` and hands back the first data row
 * it read past the header. Refuses with IMPORT_HEADER_MISSING naming the rows looked at — or the
 * missing columns of the row that came closest.
 */
export async function locateHeader(schema: SheetSchema, rows: AsyncIterator<RawRow>, searchRows = HEADER_SEARCH_ROWS): Promise<{ header: SheetHeader; first?: RawRow }> {
  let best: { row: number; map: HeaderMap } | undefined;
  const looked: number[] = [];
  for (;;) {
    const next = await rows.next();
    if (next.done && !looked.length) throw new DomainException(ExcelError.IMPORT_FILE_EMPTY, 'the sheet has no rows / 表格中没有数据', [{ field: 'file', message: 'no rows' }]);
    if (next.done || next.value.row > searchRows) break;
    const { row, cells } = next.value;
    looked.push(row);
    const map = mapHeader(schema, cells);
    if (map.byIndex.size && !map.missing.length) {
      let after = await rows.next();
      let headerRows = row;
      if (!after.done && after.value.row === row + 1 && isHeaderRow(schema, map, after.value.cells)) {
        headerRows = row + 1;
        after = await rows.next();
      }
      return { header: { map, headerRow: row, headerRows }, first: after.done ? undefined : after.value };
    }
    if (map.byIndex.size > (best?.map.byIndex.size ?? 0)) best = { row, map };
  }
  if (!looked.length) {
    throw new DomainException(
      ExcelError.IMPORT_HEADER_MISSING,
      `rows 1–${searchRows} are empty: the header must be among the first ${searchRows} rows / 前 ${searchRows} 行为空，表头须在前 ${searchRows} 行内`,
      [{ field: 'file', message: `no header in rows 1–${searchRows}` }],
    );
  }
  const required = mapHeader(schema, []).missing;
  if (best) {
    const missing = best.map.missing;
    const label = missingLabels(schema, missing);
    throw new DomainException(
      ExcelError.IMPORT_HEADER_MISSING,
      `row ${best.row} looks like the header but lacks required columns: ${label.en} / 第 ${best.row} 行缺少必填列：${label.zh}（请下载模板）`,
      missing.map((c) => ({ field: c.key, row: best.row, message: `column ${columnLabel(c)} is missing` })),
      { rowsLookedAt: looked },
    );
  }
  const list = looked.length > 8 ? `${looked.slice(0, 8).join(', ')} …` : looked.join(', ');
  throw new DomainException(
    ExcelError.IMPORT_HEADER_MISSING,
    `no header row found: rows ${list} (the non-empty ones of rows 1–${searchRows}) hold none of the template's headers (${missingLabels(schema, required).en}) / 前 ${searchRows} 行中没有找到表头（需要 ${missingLabels(schema, required).zh}），请下载模板`,
    required.map((c) => ({ field: c.key, message: `column ${columnLabel(c)} is missing` })),
    { rowsLookedAt: looked },
  );
}

/** The rows after the header: the first one `locateHeader` read past it, then the rest. */
export async function* withFirst(first: RawRow | undefined, rows: AsyncIterator<RawRow>): AsyncGenerator<RawRow> {
  if (first) yield first;
  for (let next = await rows.next(); !next.done; next = await rows.next()) yield next.value;
}
