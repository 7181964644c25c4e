/**
 * In-store EAN-13 labels of weighed goods (电子秤条码), read as the store server reads them
 * (store-server/src/pos/weighed-barcode.ts; its spec checks both answer alike): `PP CCCCC VVVVV K` —
 * a 2x prefix, the product's scale code (PLU), the weight or price, the check digit. The layouts
 * are the store's POS settings (`checkout.weighedBarcodes`). Plain strings, no decimal library: the
 * till's cached catalog reads a label in the browser, so a label scans at once and in a server blip.
 */
export interface WeighedLabelLayout {
  prefix: string;
  codeLength: number;
  valueLength: number;
  kind: 'weight' | 'price';
  /** decimals of the value: 3 for kilograms, 2 for yuan */
  decimals: number;
}

export interface WeighedLabel {
  layout: WeighedLabelLayout;
  /** the scale code as printed (leading zeros kept) */
  code: string;
  /** kilograms (weight) or yuan (price), as a plain decimal ("1.255", "12.5", "3") */
  value: string;
}

/** EAN-13 check digit of the first 12 digits. */
export function ean13Check(first12: string): number {
  let s = 0;
  for (let i = 0; i < 12; i++) s += Number(first12[i]) * (i % 2 ? 3 : 1);
  return (10 - (s % 10)) % 10;
}

/** "01255" with 3 decimals → "1.255"; no leading zeros in the whole part, none trailing in the fraction. */
function decimalOf(digits: string, decimals: number): string {
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The label a scanned code is under the first layout whose prefix it carries; null when it is no label. */
export function readWeighedLabel(barcode: string, layouts: readonly WeighedLabelLayout[]): WeighedLabel | null {
  if (!/^\d{13}$/.test(barcode)) return null;
  if (ean13Check(barcode.slice(0, 12)) !== Number(barcode[12])) return null;
  for (const layout of layouts) {
    if (!barcode.startsWith(layout.prefix)) continue;
    const start = layout.prefix.length;
    if (start + layout.codeLength + layout.valueLength > 12) continue;
    const code = barcode.slice(start, start + layout.codeLength);
    const raw = barcode.slice(start + layout.codeLength, start + layout.codeLength + layout.valueLength);
    return { layout, code, value: decimalOf(raw, layout.decimals) };
  }
  return null;
}

/** The product codes a label's scale code may stand for: as printed, and without its leading zeros. */
export const labelCodes = (label: WeighedLabel): [string, string] => [label.code, label.code.replace(/^0+/, '') || '0'];
