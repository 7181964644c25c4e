/**
 * Text that can never be stored: PostgreSQL refuses U+0000 in text (`invalid byte sequence for
 * encoding "UTF8": 0x00`, a 500 if it reaches a query), and a lone UTF-16 surrogate is not Unicode
 * at all (it cannot be written as UTF-8; PostgreSQL refuses or mangles it). Requests carrying either
 * are refused at the door (common/http/input-guard.ts); other checks of free text may reuse this.
 */

// String.prototype.isWellFormed: ES2024, native in Node 20 (the lib setting here is ES2023)
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

export type UnsafeText = 'nul' | 'surrogate';

/** Why `s` cannot be stored as text, or null when it can. */
export function unsafeText(s: string): UnsafeText | null {
  if (s.includes('\u0000')) return 'nul';
  if (!wellFormed(s)) return 'surrogate';
  return null;
}

/** The message for a field refused by unsafeText (English / Chinese). */
export function unsafeTextMessage(reason: UnsafeText): string {
  return reason === 'nul'
    ? 'contains a NUL character (U+0000), which cannot be stored / 含有空字符 (U+0000)，无法保存'
    : 'contains a lone UTF-16 surrogate (not valid Unicode) / 含有无效的 Unicode 字符（孤立代理项）';
}
