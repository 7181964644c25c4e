import { defineErrorCodes } from '../common/errors';

export const StorageError = defineErrorCodes({
  /** a stored file is gone (removed after its keeping time, or never finished) */
  STORED_FILE_MISSING: 410,
});
