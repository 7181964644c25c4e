import { DomainException } from '../common/errors';
import { ExcelError } from './excel.errors';

/**
 * What one import file may cost. Every limit is checked as early as it can be — the zip's central
 * directory at upload, the rest while reading — and answered with its own code naming the setting
 * (`details.limit`), never with a stalled server. Defaults and settings: docs/catalog.md "Limits".
 */
export interface ImportLimits {
  /** IMPORT_MAX_UNCOMPRESSED_MB: all entries of an .xlsx together, unpacked */
  maxUncompressedBytes: number;
  /** IMPORT_MAX_ZIP_ENTRIES: files inside an .xlsx */
  maxZipEntries: number;
  /** IMPORT_MAX_ROWS: data rows (non-empty rows under the header) */
  maxRows: number;
  /** IMPORT_MAX_EMPTY_ROWS: empty rows in a row, anywhere in the sheet */
  maxEmptyRows: number;
  /** IMPORT_MAX_SECONDS: wall time of one import job */
  maxSeconds: number;
}

/** Excel's own limit on the characters of a cell; a longer one was not made by Excel. */
export const MAX_CELL_CHARS = 32_767;
/** Excel's last row; a sheet claiming more was not made by Excel. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** the header is looked for in the sheet's first rows (a title row or two above it is usual) */
export const HEADER_SEARCH_ROWS = 20;

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxZipEntries: 1000,
  maxRows: 200_000,
  maxEmptyRows: 100_000,
  maxSeconds: 600,
};

const n = (x: number) => x.toLocaleString('en-US');

/** The refusal of a file over one limit. */
export function overLimit(code: keyof typeof ExcelError, setting: string, value: number, message: string, unit = ''): DomainException {
  return new DomainException(ExcelError[code], message, [{ field: 'file', message: `over the limit ${setting} = ${n(value)}${unit}` }], { limit: setting, value });
}

export { n as formatCount };
