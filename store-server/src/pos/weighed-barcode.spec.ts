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
});
