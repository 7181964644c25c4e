import { defineErrorCodes } from '../common/errors';

export const ExcelError = defineErrorCodes({
  IMPORT_FILE_REQUIRED: 400,
  IMPORT_FILE_EMPTY: 400,
  IMPORT_FILE_CORRUPT: 400,
  IMPORT_FILE_TYPE: 415,
  IMPORT_ENCODING: 415,
  IMPORT_HEADER_MISSING: 400,
  // limits (docs/catalog.md "Limits"): each names its setting in `details.limit`
  IMPORT_TOO_MANY_ROWS: 413,
  IMPORT_TOO_MANY_EMPTY_ROWS: 413,
  IMPORT_UNCOMPRESSED_TOO_LARGE: 413,
  IMPORT_TOO_MANY_ENTRIES: 413,
  IMPORT_CELL_TOO_LONG: 413,
  IMPORT_TIME_LIMIT: 422,
  IMPORT_MEMORY_LIMIT: 413,
});
