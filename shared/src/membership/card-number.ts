/**
 * Card numbers: prefix + number zero-padded to a fixed width + an optional check digit. Pure
 * functions so batch making and the till agree on what a valid number is.
 */
export type CheckDigitScheme = 'none' | 'luhn';
export const CHECK_DIGIT_SCHEMES: readonly CheckDigitScheme[] = ['none', 'luhn'];

/** Luhn (mod 10) check digit of a string of digits. */
export function luhnCheckDigit(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new Error(`luhn needs digits, got ${digits}`);
  let sum = 0;
  // From the right, every second digit starting with the rightmost is doubled (the check digit goes after it).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isValidLuhn(digitsWithCheck: string): boolean {
  return /^\d{2,}$/.test(digitsWithCheck) && luhnCheckDigit(digitsWithCheck.slice(0, -1)) === digitsWithCheck.slice(-1);
}

export interface CardNumbering {
  prefix: string;
  width: number;
  checkDigit: CheckDigitScheme;
}

export function formatCardNo(n: bigint | number, f: CardNumbering): string {
  const body = n.toString().padStart(f.width, '0');
  if (body.length > f.width) throw new Error(`card number ${n} does not fit in ${f.width} digits`);
  return f.prefix + body + (f.checkDigit === 'luhn' ? luhnCheckDigit(body) : '');
}

/** The numbers of a batch, in order. */
export function cardNumbersOf(start: bigint, quantity: number, f: CardNumbering): string[] {
  const out = new Array<string>(quantity);
  for (let i = 0; i < quantity; i++) out[i] = formatCardNo(start + BigInt(i), f);
  return out;
}
