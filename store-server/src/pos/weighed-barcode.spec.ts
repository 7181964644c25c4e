import { readWeighedLabel } from '@chain-erp/api-client';
import { DEFAULT_WEIGHED_LAYOUTS, ean13CheckDigit, makeWeighedBarcode, parseWeighedBarcode } from './weighed-barcode';

describe('weighed-goods barcodes', () => {
  it('computes the EAN-13 check digit', () => {
    expect(ean13CheckDigit('690123456789')).toBe(2);
    expect(ean13CheckDigit('400638133393')).toBe(1);
  });

  it('reads weight and price labels, and round-trips what it makes', () => {
    const [weight, price] = DEFAULT_WEIGHED_LAYOUTS;
    const w = parseWeighedBarcode(makeWeighedBarcode(weight, '10023', '1.255'), DEFAULT_WEIGHED_LAYOUTS)!;
    expect(w).toMatchObject({ code: '10023', layout: { kind: 'weight' } });
    expect(w.value.toString()).toBe('1.255');
    const p = parseWeighedBarcode(makeWeighedBarcode(price, '42', '18.36'), DEFAULT_WEIGHED_LAYOUTS)!;
    expect(p.code).toBe('00042');
    expect(p.value.toString()).toBe('18.36');
  });

  it('ignores normal barcodes, bad check digits and unknown prefixes', () => {
    expect(parseWeighedBarcode('6901234567892', DEFAULT_WEIGHED_LAYOUTS)).toBeNull();
    const good = makeWeighedBarcode(DEFAULT_WEIGHED_LAYOUTS[0], '10023', '1.255');
    expect(parseWeighedBarcode(good.slice(0, 12) + ((Number(good[12]) + 1) % 10), DEFAULT_WEIGHED_LAYOUTS)).toBeNull();
    expect(parseWeighedBarcode('123', DEFAULT_WEIGHED_LAYOUTS)).toBeNull();
    expect(parseWeighedBarcode(makeWeighedBarcode({ ...DEFAULT_WEIGHED_LAYOUTS[0], prefix: '29' }, '1', '1'), DEFAULT_WEIGHED_LAYOUTS)).toBeNull();
  });

  // the till reads labels in the browser with @chain-erp/api-client's copy of the rule (its cached catalog): both must answer alike
  it('reads every label as the till’s browser reader does (@chain-erp/api-client readWeighedLabel)', () => {
    const layouts = [
      ...DEFAULT_WEIGHED_LAYOUTS,
      { prefix: '27', codeLength: 4, valueLength: 6, kind: 'price' as const, decimals: 2 },
      { prefix: '28', codeLength: 5, valueLength: 4, kind: 'price' as const, decimals: 0 },
      { prefix: '291', codeLength: 6, valueLength: 4, kind: 'weight' as const, decimals: 3 },
      // last: it takes every other 2x label
      { prefix: '2', codeLength: 6, valueLength: 5, kind: 'weight' as const, decimals: 3 },
    ];
    let seed = 7;
    const digits = (n: number) =>
      Array.from({ length: n }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return String(seed % 10);
      }).join('');
    const codes: string[] = ['6901234567892', '123', '', '21881010125x', makeWeighedBarcode(DEFAULT_WEIGHED_LAYOUTS[0], '0', '0')];
    for (const layout of layouts) {
      for (let i = 0; i < 200; i++) {
        const body = (layout.prefix + digits(12)).slice(0, 12);
        codes.push(body + ean13CheckDigit(body), body + ((ean13CheckDigit(body) + 1) % 10));
      }
    }
    let labels = 0;
    for (const code of codes) {
      const server = parseWeighedBarcode(code, layouts);
      const browser = readWeighedLabel(code, layouts);
      expect(browser && { layout: browser.layout, code: browser.code, value: browser.value }).toEqual(
        server && { layout: server.layout, code: server.code, value: server.value.toString() },
      );
      if (server) labels++;
    }
    expect(labels).toBeGreaterThan(800);
  });
});
