import * as iconv from 'iconv-lite';
import { encodeJob, ESCPOS, gbk } from './escpos';
import { parsePrinterAddress } from './network-printer';

describe('ESC/POS encoder', () => {
  it('writes Chinese in GBK (two bytes a character), as the printers read it', () => {
    expect(gbk('可乐')).toEqual(Buffer.from([0xbf, 0xc9, 0xc0, 0xd6]));
    expect(iconv.decode(gbk('合计 12.50\n'), 'gbk')).toBe('合计 12.50\n');
  });

  it('starts with reset and Chinese mode, kicks the drawer before printing, cuts each copy', () => {
    const bytes = encodeJob({ text: '小票\n', kick: true, copies: 2, autoCut: true });
    expect(bytes.subarray(0, 4)).toEqual(Buffer.concat([ESCPOS.init, ESCPOS.chineseOn]));
    expect(bytes.indexOf(ESCPOS.kick)).toBe(4);
    const cuts = [...bytes.entries()].filter(([i]) => bytes.subarray(i, i + 3).equals(ESCPOS.cut)).length;
    expect(cuts).toBe(2);
    expect(bytes.includes(gbk('小票\n'))).toBe(true);
  });

  it('a drawer kick alone prints nothing', () => {
    expect(encodeJob({ kick: true })).toEqual(Buffer.concat([ESCPOS.init, ESCPOS.chineseOn, ESCPOS.kick]));
  });

  it('no cut when the printer has no cutter (autoCut off)', () => {
    expect(encodeJob({ text: 'x', autoCut: false }).includes(ESCPOS.cut)).toBe(false);
  });

  it('reads host:port, 9100 by default, and refuses nonsense', () => {
    expect(parsePrinterAddress('192.168.1.50')).toEqual({ host: '192.168.1.50', port: 9100 });
    expect(parsePrinterAddress('printer.local:9101')).toEqual({ host: 'printer.local', port: 9101 });
    expect(parsePrinterAddress('COM3 ; rm')).toBeNull();
    expect(parsePrinterAddress('host:70000')).toBeNull();
    expect(parsePrinterAddress(null)).toBeNull();
  });
});
