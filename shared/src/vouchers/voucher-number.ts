import { randomInt } from 'node:crypto';
import { luhnCheckDigit } from '../membership/card-number';

/**
 * Voucher and gift-card numbers: 15 random digits from the OS's CSPRNG and a Luhn check digit, so a
 * number cannot be guessed from another one (10^15 per valid number) and a mistyped digit is caught
 * at the till. Uniqueness for ever is the database's job (uq_voucher_number): the batch draws again
 * for the numbers that collided.
 */
export function newVoucherNumber(): string {
  // the first digit is never 0, so the number keeps 16 digits wherever it is read as a number
  let body = String(randomInt(1, 10));
  for (let i = 0; i < 14; i += 7) body += String(randomInt(0, 10_000_000)).padStart(7, '0');
  return body + luhnCheckDigit(body);
}
