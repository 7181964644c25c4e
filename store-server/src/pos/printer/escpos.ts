import * as iconv from 'iconv-lite';

/**
 * A small ESC/POS encoder for receipt printers (58 mm: 32 columns, 80 mm: 42/48). Chinese thermal
 * printers take GBK in their Chinese mode (FS &); the receipt text is already laid out to the width
 * (receipt.renderer: a CJK character takes two columns), so this only encodes and adds the commands.
 */
const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;

export const ESCPOS = {
  /** ESC @: reset the printer */
  init: Buffer.from([ESC, 0x40]),
  /** FS &: Chinese character mode (GBK double-byte) */
  chineseOn: Buffer.from([FS, 0x26]),
  alignLeft: Buffer.from([ESC, 0x61, 0]),
  alignCenter: Buffer.from([ESC, 0x61, 1]),
  boldOn: Buffer.from([ESC, 0x45, 1]),
  boldOff: Buffer.from([ESC, 0x45, 0]),
  /** ESC d n: feed n lines (paper past the cutter) */
  feed: (n: number) => Buffer.from([ESC, 0x64, Math.max(0, Math.min(255, n))]),
  /** GS V 1: partial cut */
  cut: Buffer.from([GS, 0x56, 0x01]),
  /** ESC p m t1 t2: pulse the cash drawer on pin 2 (m=0), 2×25 ms on, 2×250 ms off — the usual kick */
  kick: Buffer.from([ESC, 0x70, 0x00, 0x19, 0xfa]),
} as const;

/** Text as the printer reads it: GBK, lines ended by LF. */
export function gbk(text: string): Buffer {
  return iconv.encode(text.replace(/\r\n?/g, '\n'), 'gbk');
}

export interface EscPosJob {
  /** the receipt laid out to the paper's width */
  text?: string;
  /** the first line printed bold and centred (the receipt's title) */
  title?: string;
  copies?: number;
  autoCut?: boolean;
  /** kick the cash drawer first (it opens while the receipt prints) */
  kick?: boolean;
}

/** The bytes of one print job. A job with neither text nor kick is empty. */
export function encodeJob(job: EscPosJob): Buffer {
  const parts: Buffer[] = [ESCPOS.init, ESCPOS.chineseOn];
  if (job.kick) parts.push(ESCPOS.kick);
  if (job.text !== undefined) {
    for (let copy = 0; copy < Math.max(1, job.copies ?? 1); copy++) {
      if (job.title) parts.push(ESCPOS.alignCenter, ESCPOS.boldOn, gbk(job.title + '\n'), ESCPOS.boldOff, ESCPOS.alignLeft);
      parts.push(gbk(job.text.endsWith('\n') ? job.text : job.text + '\n'), ESCPOS.feed(4));
      if (job.autoCut !== false) parts.push(ESCPOS.cut);
    }
  }
  return Buffer.concat(parts);
}
