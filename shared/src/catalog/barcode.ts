import { type PipeTransform } from '@nestjs/common';
import { defineErrorCodes, DomainException } from '../common/errors';

export const BarcodeError = defineErrorCodes({
  CATALOG_INVALID_BARCODE: 400,
});

/** A barcode as the sheet and the API accept it (letters, digits, `_ . -`, 1–32 characters, starting with a letter or digit). */
export const BARCODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/**
 * `@Param('barcode', ParseBarcode)`: a malformed barcode is a 400 with a code, not a look-up that
 * can only miss (and no odd text reaches the database).
 */
export const ParseBarcode: PipeTransform<unknown, string> = {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !BARCODE_PATTERN.test(value)) {
      throw new DomainException(BarcodeError.CATALOG_INVALID_BARCODE, 'a barcode has 1–32 letters, digits, _ . - / 条码格式错误', [
        { field: 'barcode', message: 'letters, digits, _ . - only, at most 32 characters' },
      ]);
    }
    return value;
  },
};
