import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Zips written by hand, for what exceljs would never write: zip bombs of empty rows, a cell of
 * millions of characters, a directory that lies about sizes (import tests of both servers).
 */
/** Entry content: `head`, then `unit` repeated `times`, then `tail` — unpacked size can be huge, packed tiny. */
export interface ZipPart {
  name: string;
  head?: string;
  unit?: string;
  times?: number;
  tail?: string;
  /** what the central directory claims the unpacked size is (default: the truth) */
  claimSize?: number;
}

/**
 * A zip written by hand. Repeated content is deflated once per 64 KB chunk with a sync flush and
 * the compressed chunk repeated (each chunk refers only to itself, so the concatenation is a valid
 * deflate stream): a gigabyte of `<row/>` packs into about 2 MB in a second.
 */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const head = Buffer.from(p.head ?? '', 'utf8');
    const tail = Buffer.from(p.tail ?? '', 'utf8');
    const pieces: Buffer[] = [];
    let crc = crc32(head);
    let size = head.length;
    pieces.push(deflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH }));
    if (p.unit && p.times) {
      const per = Math.max(1, Math.floor(65_536 / Buffer.byteLength(p.unit)));
      const chunk = Buffer.from(p.unit.repeat(Math.min(per, p.times)), 'utf8');
      const packed = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
      const whole = Math.floor(p.times / per);
      for (let i = 0; i < whole; i++) {
        crc = crc32(chunk, crc);
        pieces.push(packed);
      }
      const rest = p.times - whole * per;
      if (rest) {
        const last = Buffer.from(p.unit.repeat(rest), 'utf8');
        crc = crc32(last, crc);
        pieces.push(deflateRawSync(last, { finishFlush: constants.Z_SYNC_FLUSH }));
      }
      size += whole * chunk.length + Buffer.byteLength(p.unit) * rest;
    }
    crc = crc32(tail, crc);
    size += tail.length;
    pieces.push(deflateRawSync(tail));
    const data = Buffer.concat(pieces);
    const declared = p.claimSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(declared, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The parts every minimal workbook has; `sheet` and `strings` are the first sheet's and the shared strings' parts. */
export function minimalXlsx(sheet: Omit<ZipPart, 'name'>, strings?: Omit<ZipPart, 'name'>, extra: ZipPart[] = []): Buffer {
  return zipOf([
    {
      name: '[Content_Types].xml',
      head: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      head: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    { name: 'xl/workbook.xml', head: `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="商品" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      name: 'xl/_rels/workbook.xml.rels',
      head: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>${strings ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : ''}</Relationships>`,
    },
    ...(strings ? [{ name: 'xl/sharedStrings.xml', ...strings }] : []),
    { name: 'xl/worksheets/sheet1.xml', ...sheet },
    ...extra,
  ]);
}

/** An inline-string row of the sheet XML; without a row number (null) it is the row after the last. */
export function xmlRow(r: number | null, cells: string[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const ref = (i: number) => (r === null ? '' : ` r="${String.fromCharCode(65 + i)}${r}"`);
  return `<row${r === null ? '' : ` r="${r}"`}>${cells.map((c, i) => `<c${ref(i)} t="inlineStr"><is><t>${esc(c)}</t></is></c>`).join('')}</row>`;
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';
