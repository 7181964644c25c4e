import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * Field rules for the text people type into names, codes and addresses, shared by API DTOs and
 * sheet imports, and the one place that keeps stored text writable into an Excel workbook.
 *
 * A single-line field refuses: control characters (C0 including tab and line breaks, DEL, C1),
 * the noncharacters U+FFFE/U+FFFF and lone surrogates (XML, hence .xlsx, cannot carry them), and
 * U+FFFD — the mark left by text decoded with the wrong encoding, never a value anyone meant.
 */
export type TextProblem = 'control' | 'replacement' | 'unpaired-surrogate' | 'noncharacter';

export interface BadCharacter {
  /** 0-based position in UTF-16 units */
  index: number;
  codePoint: number;
  problem: TextProblem;
}

// one pass over the common case: nothing outside the printable ranges
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffd-\uffff]/;

/** The first character a single-line text field must not hold, or null. */
export function findBadCharacter(s: string): BadCharacter | null {
  if (!SUSPECT.test(s)) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return { index: i, codePoint: c, problem: 'control' };
    if (c === 0xfffd) return { index: i, codePoint: c, problem: 'replacement' };
    if (c === 0xfffe || c === 0xffff) return { index: i, codePoint: c, problem: 'noncharacter' };
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return { index: i, codePoint: c, problem: 'unpaired-surrogate' };
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { index: i, codePoint: c, problem: 'unpaired-surrogate' };
  }
  return null;
}

const u = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong, in English and Chinese, e.g. `contains a control character (U+0007) at position 3`. */
export function describeBadCharacter(b: BadCharacter): string {
  const at = `at position ${b.index + 1}`;
  switch (b.problem) {
    case 'control':
      return `contains a control character (${u(b.codePoint)}${b.codePoint === 9 ? ' tab' : b.codePoint === 10 || b.codePoint === 13 ? ' line break' : ''}) ${at}; remove it / 含控制字符（第 ${b.index + 1} 个字符），请删除`;
    case 'replacement':
      return `contains � (U+FFFD) ${at}, the mark of text decoded with the wrong encoding / 含乱码字符 �（第 ${b.index + 1} 个字符），文件编码可能不对`;
    case 'noncharacter':
      return `contains the noncharacter ${u(b.codePoint)} ${at} / 含非法字符（第 ${b.index + 1} 个字符）`;
    case 'unpaired-surrogate':
      return `contains a broken character (unpaired surrogate ${u(b.codePoint)}) ${at} / 含残缺字符（第 ${b.index + 1} 个字符）`;
  }
}

/**
 * Text as XML 1.0 can carry it: what it forbids (C0 controls other than tab and line breaks, U+FFFE,
 * U+FFFF, lone surrogates) and the remaining controls become U+FFFD, so a workbook never holds a
 * character Excel (or our import) refuses, and a re-import flags the row instead of storing a
 * silently shortened value.
 */
export function xmlSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
      } else out += '\ufffd';
      continue;
    }
    const bad = (c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c <= 0x9f) || (c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
    out += bad ? '\ufffd' : s[i];
  }
  return out;
}

/** Like `findBadCharacter`, but tab and line breaks are allowed (multi-line notes and remarks). */
export function findBadCharacterMultiline(s: string): BadCharacter | null {
  // same length, so positions stay those of the original
  return findBadCharacter(s.replace(/[\t\n\r]/g, ' '));
}

export interface PlainTextOptions extends ValidationOptions {
  /** notes and remarks: tab and line breaks allowed (XML and workbooks carry them) */
  multiline?: boolean;
}

/**
 * class-validator: a string without the characters `findBadCharacter` refuses. Every free-text
 * field a user types (names, notes, reasons, addresses …) carries it, through `TextField` or on
 * its own; a test walks every DTO and fails on a string field without it (dto-plain-text.spec.ts).
 * Each element of an array is checked with `{ each: true }`.
 */
export function IsPlainText(options: PlainTextOptions = {}): PropertyDecorator {
  const { multiline, ...validation } = options;
  const find = multiline ? findBadCharacterMultiline : findBadCharacter;
  const ok = (v: unknown) => typeof v !== 'string' || find(v) === null;
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: PLAIN_TEXT,
      target: target.constructor,
      propertyName: String(property),
      options: validation,
      constraints: [multiline ? 'multiline' : 'single-line'],
      validator: {
        validate: ok,
        defaultMessage: (args: ValidationArguments) => {
          const bad = (Array.isArray(args.value) ? args.value : [args.value]).find((v) => !ok(v));
          const b = typeof bad === 'string' ? find(bad) : null;
          return `${args.property} ${b ? describeBadCharacter(b) : 'is not plain text'}`;
        },
      },
    });
}

/** the validator's name in class-validator's metadata (for the test that walks the DTOs) */
export const PLAIN_TEXT = 'plainText';

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

const LOCAL_TRANSFER =
  "a store's local transfer route, called by transfer-tool with what HQ sent or the store holds (snapshot rows as COPY text with tabs and line breaks, change sets, acks, reports, restore records): data, not typing";

const PUSHED =
  'records a store pushes to HQ (or the answers HQ gives a store): their text was checked where it was typed, at the store; HQ takes what a store holds — refusing a record written before this rule would stop the stream of the store and leave a sale missing at HQ';

/**
 * String fields of DTOs that do not carry IsPlainText, each with the reason (`Class.field`, or
 * `Class.*` for every field of a class). The test store-server/test/plain-text-fields.e2e-spec.ts
 * fails on any other string field without it. What these fields hold is still written to
 * workbooks through `xmlSafe`.
 */
export const PLAIN_TEXT_EXEMPT: Record<string, string> = {
  'PosDocHeader.*': PUSHED,
  'PosPaymentDoc.*': PUSHED,
  'PosRefundDoc.*': PUSHED,
  'PosRefundLineDoc.*': PUSHED,
  'PosSaleDoc.*': PUSHED,
  'PosSaleLineDoc.*': PUSHED,
  'PosSalePaymentDoc.*': PUSHED,
  'PosShiftReportDoc.*': PUSHED,
  'PosTopUpDoc.*': PUSHED,
  'PosGiftCardSaleDoc.*': PUSHED,
  'ShiftTenderDoc.*': PUSHED,
  'SaleLinePromotionDoc.*': PUSHED,
  'SalePromotionDoc.*': PUSHED,
  'ReceiptPushBody.*': PUSHED,
  'ReceiptPushLine.*': PUSHED,
  'RequestPushBody.*': PUSHED,
  'RequestPushLine.*': PUSHED,
  'RequestWithdrawBody.*': PUSHED,
  'StockAlertBody.*': PUSHED,
  'StockAlertLine.*': PUSHED,
  'StoreEventBody.*': PUSHED,
  'StorePurchasePushBody.*': PUSHED,
  'AckDto.*': LOCAL_TRANSFER,
  'AcksDto.*': LOCAL_TRANSFER,
  'ChangeSetDto.*': LOCAL_TRANSFER,
  'ChangesPageDto.*': LOCAL_TRANSFER,
  'HqChangedDto.*': LOCAL_TRANSFER,
  'NumberMarkDto.*': LOCAL_TRANSFER,
  'ReportDto.*': LOCAL_TRANSFER,
  'RestoreApplyDto.*': LOCAL_TRANSFER,
  'RestoreBeginDto.*': LOCAL_TRANSFER,
  'RestoreFinishDto.*': LOCAL_TRANSFER,
  'RestoreRecordDto.*': LOCAL_TRANSFER,
  'SnapshotPageDto.*': LOCAL_TRANSFER,
  'StoreEventDto.*': LOCAL_TRANSFER,
  'StreamReportDto.*': LOCAL_TRANSFER,
  'LoginDto.username': 'a user created before this rule signs in with the name as it was stored (new names are checked)',
  'LoginDto.password': 'a password set before this rule may hold any character: signing in with it must still work (new passwords are checked)',
  'CreateApprovalDto.password': 'a manager’s password typed at the till for an approval, as set before this rule (like signing in)',
  'ChangeOwnPasswordDto.currentPassword': 'the current password, as set before this rule (new passwords are checked)',
  'PullRequestDto.lastError': 'a store reports its own last sync error text (a program message, not user input); shown, never exported',
  'SnapshotPositionDto.afterKey': 'an opaque position in a snapshot, the key text of the last row HQ sent, echoed back; any stored key must be accepted',
};
