import { snapshotFirstRow, snapshotRowCount, snapshotRows, SnapshotPage } from './transfer.contracts';
import { TransferCallError } from './transfer.engine';
import { parseSnapshotStream } from './transfer.http';

const position = { cursor: '100:0', scopeVersion: 1, streamIndex: 13, afterKey: null };
const header = (count: number, next: unknown = null) => JSON.stringify({ position, stream: 'catalog.product', next, streams: ['catalog.product'], count });

describe('protocol 2 snapshot pages (parseSnapshotStream)', () => {
  it('keeps the rows as one text, exactly as sent, and reads the header', () => {
    const rows = ['{"id":"a","name":"x\\ny"}', '{"id":"b","price":10.50}', '{"id":"c","name":"引号 \\" 与 \\\\"}'];
    const page = parseSnapshotStream(header(3, { ...position, afterKey: 'c' }) + '\n' + rows.join('\n') + '\n');
    expect(Buffer.isBuffer(page.rowsText)).toBe(true); // the answer's bytes, never decoded here
    expect(page.rowsText!.toString()).toBe(rows.join('\n'));
    expect(page.rows).toEqual([]);
    expect(page.count).toBe(3);
    expect(page.next).toEqual({ ...position, afterKey: 'c' });
    expect(page.position).toEqual(position);
    expect(snapshotRows(page)).toEqual(rows);
    expect(snapshotRowCount(page)).toBe(3);
    // an escaped newline inside a value is not a row separator; the numeric stays as text
    expect(JSON.parse(snapshotRows(page)[0]).name).toBe('x\ny');
    expect(snapshotRows(page)[1]).toContain('10.50');
  });

  it('an empty last page has no rows', () => {
    for (const raw of [header(0) + '\n', header(0)]) {
      const page = parseSnapshotStream(raw);
      expect(page.rowsText!.length).toBe(0);
      expect(snapshotRows(page)).toEqual([]);
      expect(snapshotRowCount(page)).toBe(0);
      expect(page.next).toBeNull();
    }
  });

  it('refuses a cut-off page (fewer rows than the header says), more rows, and a bad header', () => {
    const two = '{"id":"a"}\n{"id":"b"}';
    expect(() => parseSnapshotStream(header(3) + '\n' + two)).toThrow(TransferCallError);
    expect(() => parseSnapshotStream(header(1) + '\n' + two)).toThrow(/2 rows, header says 1/);
    expect(() => parseSnapshotStream('<html>proxy</html>\n' + two)).toThrow(/header is not JSON/);
    expect(() => parseSnapshotStream(JSON.stringify({ stream: 'catalog.product' }) + '\n' + two)).toThrow(/header incomplete/);
    try {
      parseSnapshotStream(header(3) + '\n' + two);
    } catch (e) {
      expect(e).toMatchObject({ status: 502, code: 'TRANSFER_HQ_ERROR' });
    }
  });

  it('counts rows of a page whose rows travelled as a string (the CLI’s local route)', () => {
    const page: SnapshotPage = { position, stream: 'catalog.product', rows: [], rowsText: '{"id":"a"}\n{"id":"b"}', count: 2, next: null, streams: [] };
    expect(snapshotRowCount(page)).toBe(2);
    expect(snapshotFirstRow(page)).toBe('{"id":"a"}');
    expect(snapshotFirstRow({ ...page, rowsText: Buffer.from('{"名":"甲"}\n{"id":"b"}') })).toBe('{"名":"甲"}');
    expect(snapshotFirstRow({ ...page, rowsText: '' })).toBeNull();
  });

  it('protocol 1 pages count and list their rows array', () => {
    const page: SnapshotPage = { position, stream: 'catalog.product', rows: ['{"id":"a"}', '{"id":"b"}'], next: null, streams: [] };
    expect(snapshotRowCount(page)).toBe(2);
    expect(snapshotRows(page)).toBe(page.rows);
  });
});
