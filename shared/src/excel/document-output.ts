import { StreamableFile } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { type QueryChunks } from '../common/pg-cursor';
import { type SheetColumn } from './sheet-schema';
import { toCell, writeHeaderRows, XLSX_MIME, XlsxStreamWriter } from './sheet-writer';

/**
 * Downloads users open: Excel (same two header rows as every sheet of ours, so an export reads back
 * with the import machinery) and printable HTML documents with Chinese labels.
 */
export interface OutputColumn {
  key: string;
  zh: string;
  /** decimals are written as exact text, as the query gave them (`qtyText`/`moneyText`) */
  kind?: 'text' | 'decimal' | 'int' | 'bool' | 'date';
}

async function collect(write: (stream: PassThrough) => Promise<void>): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((ok, fail) => {
    stream.on('end', ok);
    stream.on('error', fail);
  });
  await write(stream);
  await done;
  return Buffer.concat(chunks);
}

function asSheetColumn(c: OutputColumn): SheetColumn {
  return { key: c.key, zh: c.zh, kind: c.kind === 'decimal' ? 'decimal' : c.kind === 'int' ? 'int' : c.kind === 'bool' ? 'bool' : 'text' };
}

/**
 * ASCII fallback plus the UTF-8 name (RFC 6266 / RFC 8187 `filename*`), so Chinese file names
 * survive every browser. `fallback` replaces an ASCII name that would be mostly underscores.
 */
export function attachment(fileName: string, fallback?: string): string {
  // encodeURIComponent throws on a lone surrogate
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in a file name
  const name = fileName.replace(/[\u0000-\u001f\u007f/\\]/g, '_').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  let ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  if (fallback && /[^\x20-\x7e]/.test(name)) ascii = fallback;
  // encodeURIComponent leaves ' ( ) * alone; RFC 8187's attr-char does not allow them
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** How long a download may keep the server waiting for the client to take more bytes. */
const STALLED_MS = 60_000;

/**
 * Resolves when `out` takes more bytes (at once unless its buffer is full), rejects when it was
 * closed or the client stopped reading for a minute: a streamed export then stops and frees its
 * cursor instead of waiting forever.
 */
export function whenWritable(out: PassThrough): Promise<void> {
  if (out.destroyed) return Promise.reject(new Error('the download was closed'));
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (e?: Error) => {
      clearTimeout(timer);
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (e) reject(e);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the download was closed'));
    const timer = setTimeout(() => done(new Error('the client stopped reading the download')), STALLED_MS);
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

/**
 * A workbook: the rows under the two header rows; a document's header fields on a second sheet.
 * `rows` as an array is written whole (the answer carries its length); as chunks (`queryChunks`, a
 * cursor) it is streamed — the answer starts after the first chunk and memory holds one chunk.
 */
export async function xlsxFile(
  fileName: string,
  sheetName: string,
  columns: OutputColumn[],
  // typed rows (a document's line classes) as well as raw query rows: cells are read by column key
  rows: readonly object[] | QueryChunks<Record<string, unknown>>,
  info: Array<[string, unknown]> = [],
): Promise<StreamableFile> {
  const write = async (stream: PassThrough) => {
    const w = new XlsxStreamWriter(stream);
    const ws = w.sheet(sheetName.slice(0, 31));
    const sheetColumns = columns.map(asSheetColumn);
    writeHeaderRows(ws, sheetColumns);
    const add = (r: object) => ws.addRow(sheetColumns.map((c) => toCell(c, normalise((r as Record<string, unknown>)[c.key])))).commit();
    if (isRowArray(rows)) rows.forEach(add);
    else {
      for await (const chunk of rows) {
        chunk.forEach(add);
        await whenWritable(stream);
      }
    }
    ws.commit();
    if (info.length) {
      const head = w.sheet('单据信息 header');
      for (const [k, v] of info) head.addRow([k, normalise(v)]).commit();
      head.commit();
    }
    await w.commit();
  };
  if (isRowArray(rows)) {
    const buffer = await collect(write);
    return new StreamableFile(buffer, { type: XLSX_MIME, disposition: attachment(fileName), length: buffer.length });
  }
  const out = new PassThrough();
  write(out).catch((e) => {
    void rows.close();
    out.destroy(e);
  });
  return new StreamableFile(out, { type: XLSX_MIME, disposition: attachment(fileName) });
}

// Array.isArray does not narrow a readonly array out of a union
const isRowArray = (rows: readonly object[] | QueryChunks<Record<string, unknown>>): rows is readonly object[] => Array.isArray(rows);

function normalise(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

export function escapeHtml(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A printable A4 document: title, header fields, a lines table, totals, signature boxes. */
export function htmlDocument(
  title: string,
  fields: Array<[string, unknown]>,
  columns: OutputColumn[],
  rows: readonly object[],
  totals: Array<[string, unknown]>,
  signatures: string[],
): StreamableFile {
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
@page { size: A4; margin: 15mm; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; font-size: 12px; color: #000; }
h1 { text-align: center; font-size: 20px; margin: 0 0 12px; letter-spacing: 4px; }
.fields { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4px 16px; margin-bottom: 10px; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #333; padding: 4px 6px; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.totals { margin-top: 8px; text-align: right; }
.totals span { margin-left: 24px; }
.sign { display: flex; justify-content: space-between; margin-top: 36px; }
.late { color: #c00; font-weight: bold; }
@media print { .noprint { display: none; } }
</style></head><body>
<button class="noprint" onclick="window.print()">打印 Print</button>
<h1>${escapeHtml(title)}</h1>
<div class="fields">${fields.map(([k, v]) => `<div><b>${escapeHtml(k)}：</b>${k.includes('补录') && v ? `<span class="late">${escapeHtml(v)}</span>` : escapeHtml(v)}</div>`).join('')}</div>
<table><thead><tr>${columns.map((c) => `<th>${escapeHtml(c.zh)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${columns.map((c) => `<td${c.kind === 'decimal' || c.kind === 'int' ? ' class="num"' : ''}>${escapeHtml((r as Record<string, unknown>)[c.key])}</td>`).join('')}</tr>`).join('\n')}</tbody></table>
<div class="totals">${totals.map(([k, v]) => `<span><b>${escapeHtml(k)}：</b>${escapeHtml(v)}</span>`).join('')}</div>
<div class="sign">${signatures.map((s) => `<div>${escapeHtml(s)}：____________</div>`).join('')}</div>
</body></html>`;
  const buffer = Buffer.from(html, 'utf8');
  return new StreamableFile(buffer, { type: 'text/html; charset=utf-8', length: buffer.length });
}
