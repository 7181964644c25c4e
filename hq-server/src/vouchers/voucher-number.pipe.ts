import { Injectable, PipeTransform } from '@nestjs/common';
import { CommonError, DomainException, VOUCHER_NO } from '@chain-erp/shared';

/** A voucher or gift-card number in a path: 16 digits, else 400 naming the field. */
@Injectable()
export class VoucherNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !VOUCHER_NO.test(value))
      throw new DomainException(CommonError.VALIDATION_FAILED, 'a voucher or gift-card number is 16 digits / 券号为16位数字', [{ field: 'number', message: 'must be 16 digits' }]);
    return value;
  }
}
