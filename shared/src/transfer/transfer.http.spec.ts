import { snapshotRowCount, type SnapshotPage } from './transfer.contracts';
import { TransferCallError } from './transfer.engine';
import { parseSnapshotStream } from './transfer.http';
import { copyTextField, inlineParams, quoteLiteral, sqlLiteral } from '../common/pg-copy';

const position = { cursor: '100:0', scopeVersion: 1, streamIndex: 13, afterKey: null };
const columns = ['id', 'name', 'retail_price'];
const header = (count: number, next: unknown = null, cols: unknown = columns) =>
  JSON.stringify({ position, stream: 'catalog.product', next, streams: ['catalog.product'], count, columns: cols });

describe('protocol 2 snapshot pages (parseSnapshotStream)', () => {
  // COPY text format: tab-separated, \N for NULL, a newline inside a value escaped as \n
  const rows = ['a\ta\t商品 x\\ny\t10.50', 'b\tb\t\\N\t0.00', 'c\tc\t引号 " 与 \\\\\t1'];

  it('keeps the rows as the answer’s bytes and reads the header', () => {
    const page = parseSnapshotStream(Buffer.from(header(3, { ...position, afterKey: 'c' }) + '\n' + rows.join('\n') + '\n'));
    expect(Buffer.isBuffer(page.rowsText)).toBe(true); // never decoded here
    expect(page.rowsText!.toString()).toBe(rows.join('\n'));
    expect(page.rows).toEqual([]);
    expect(page.count).toBe(3);
    expect(page.columns).toEqual(columns);
    expect(page.next).toEqual({ ...position, afterKey: 'c' });
    expect(page.position).toEqual(position);
    expect(snapshotRowCount(page)).toBe(3);
  });

  it('an empty last page has no rows', () => {
    for (const raw of [header(0) + '\n', header(0)]) {
      const page = parseSnapshotStream(raw);
      expect(page.rowsText!.length).toBe(0);
      expect(snapshotRowCount(page)).toBe(0);
      expect(page.next).toBeNull();
    }
  });

  it('refuses a cut-off page (fewer rows than the header says), more rows, and a bad header', () => {
    const two = 'a\tx\nb\ty';
    expect(() => parseSnapshotStream(header(3) + '\n' + two)).toThrow(TransferCallError);
    expect(() => parseSnapshotStream(header(1) + '\n' + two)).toThrow(/2 rows, header says 1/);
    expect(() => parseSnapshotStream('<html>proxy</html>\n' + two)).toThrow(/header is not JSON/);
    expect(() => parseSnapshotStream(JSON.stringify({ stream: 'catalog.product' }) + '\n' + two)).toThrow(/header incomplete/);
    expect(() => parseSnapshotStream(header(2, null, 'id') + '\n' + two)).toThrow(/header incomplete/);
    try {
      parseSnapshotStream(header(3) + '\n' + two);
    } catch (e) {
      expect(e).toMatchObject({ status: 502, code: 'TRANSFER_HQ_ERROR' });
    }
  });

  it('counts rows of a page whose rows travelled as a string (the CLI’s local route), and of a protocol-1 page', () => {
    expect(snapshotRowCount({ position, stream: 'x', rows: [], rowsText: 'a\t1\nb\t2', count: 2, next: null, streams: [] })).toBe(2);
    const v1: SnapshotPage = { position, stream: 'catalog.product', rows: ['{"id":"a"}', '{"id":"b"}'], next: null, streams: [] };
    expect(snapshotRowCount(v1)).toBe(2);
  });
});

describe('COPY helpers', () => {
  it('reads a COPY text field back', () => {
    expect(copyTextField('\\N')).toBeNull();
    expect(copyTextField('a\\tb\\nc\\\\d\\re')).toBe('a\tb\nc\\d\re');
    expect(copyTextField('69abc')).toBe('69abc');
  });

  it('inlines parameters as literals, quoting what could break out', () => {
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral(true)).toBe('true');
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(12)).toBe('12');
    expect(sqlLiteral(['a', 'b"c'])).toBe(String.raw`E'{"a","b\\"c"}'`);
    expect(sqlLiteral(['a', 'b'])).toBe(`'{"a","b"}'`);
    expect(quoteLiteral(String.raw`x\'y`)).toBe(String.raw`E'x\\''y'`);
    expect(() => sqlLiteral(NaN)).toThrow();
    expect(() => sqlLiteral({})).toThrow();
    expect(() => sqlLiteral('a\0b')).toThrow();
    expect(inlineParams('t.id = $1 AND (:x OR $2) AND t.k > $10', ['u', false, 3, 4, 5, 6, 7, 8, 9, "x'y"])).toBe("t.id = 'u' AND (:x OR false) AND t.k > 'x''y'");
    expect(() => inlineParams('$2', ['a'])).toThrow();
  });
});
