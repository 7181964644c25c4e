/**
 * Which Excel number formats show a date or a time. A cell formatted so holds a serial day number,
 * and the clerk sees a date: the import must not take it for the number (or the code) it stores.
 */

/** built-in formats that are dates or times: 14–22, 45–47, and the East Asian ones (27–36, 50–58) */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * True when a format shows a date or time: a built-in date id, or a format code with date/time
 * tokens (y m d h s, elapsed [h] [m] [s], AM/PM, 上午/下午) outside quoted text, escaped
 * characters, colours and locale brackets.
 */
export function isDateFormat(numFmtId: number, formatCode?: string): boolean {
  if (BUILT_IN_DATES.has(numFmtId)) return true;
  if (!formatCode) return false;
  // only the first section decides (positive numbers); the others usually mirror it
  const code = formatCode
    .replace(/"[^"]*"/g, '') // quoted text
    .replace(/\\./g, '') // escaped characters
    .replace(/[_*]./g, '') // padding and fill
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '') // colours, conditions, locales — not elapsed time
    .replace(/general/gi, '');
  return /[ymdhs]|上午|下午|am\/pm|a\/p/i.test(code.split(';')[0] ?? '');
}
