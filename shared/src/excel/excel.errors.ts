import { defineErrorCodes } from '../common/errors';

export const ExcelError = defineErrorCodes({
  IMPORT_FILE_REQUIRED: 400,
  IMPORT_FILE_EMPTY: 400,
  IMPORT_FILE_CORRUPT: 400,
  IMPORT_FILE_TYPE: 415,
  IMPORT_HEADER_MISSING: 400,
  IMPORT_TOO_MANY_ROWS: 413,
});
