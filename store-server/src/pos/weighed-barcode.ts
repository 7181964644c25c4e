import { type Dec, dec } from '@chain-erp/shared';

/**
 * In-store EAN-13 labels of weighed goods (电子秤条码): `PP CCCCC VVVVV K` — a 2x prefix, the
 * product's scale code (PLU), the weight or price, the EAN check digit. Layouts differ per scale
 * brand and store, so they are settings; this module only reads them.
 */
export interface WeighedBarcodeLayout {
  /** the leading digits that mark the layout, e.g. "20"–"29" */
  prefix: string;
  /** digits of the product code after the prefix */
  codeLength: number;
  /** digits of the embedded value after the code */
  valueLength: number;
  kind: 'weight' | 'price';
  /** decimals of the value: 3 for kilograms, 2 for yuan */
  decimals: number;
}

export interface WeighedBarcode {
  layout: WeighedBarcodeLayout;
  /** the product code as printed (leading zeros kept) */
  code: string;
  /** kilograms (weight) or yuan (price) */
  value: Dec;
}

export const DEFAULT_WEIGHED_LAYOUTS: WeighedBarcodeLayout[] = [
  { prefix: '21', codeLength: 5, valueLength: 5, kind: 'weight', decimals: 3 },
  { prefix: '22', codeLength: 5, valueLength: 5, kind: 'price', decimals: 2 },
];

/** EAN-13 check digit of the first 12 digits. */
export function ean13CheckDigit(first12: string): number {
  let s = 0;
  for (let i = 0; i < 12; i++) s += Number(first12[i]) * (i % 2 ? 3 : 1);
  return (10 - (s % 10)) % 10;
}

export function parseWeighedBarcode(barcode: string, layouts: WeighedBarcodeLayout[]): WeighedBarcode | null {
  if (!/^\d{13}$/.test(barcode)) return null;
  if (ean13CheckDigit(barcode.slice(0, 12)) !== Number(barcode[12])) return null;
  for (const layout of layouts) {
    if (!barcode.startsWith(layout.prefix)) continue;
    const start = layout.prefix.length;
    if (start + layout.codeLength + layout.valueLength > 12) continue;
    const code = barcode.slice(start, start + layout.codeLength);
    const raw = barcode.slice(start + layout.codeLength, start + layout.codeLength + layout.valueLength);
    return { layout, code, value: dec(raw).div(dec(10).pow(layout.decimals)) };
  }
  return null;
}

/** Builds a label (for tests, demo data and label printers). */
export function makeWeighedBarcode(layout: WeighedBarcodeLayout, code: string, value: Dec | string): string {
  const raw = dec(value).times(dec(10).pow(layout.decimals)).toFixed(0).padStart(layout.valueLength, '0');
  const body = (layout.prefix + code.padStart(layout.codeLength, '0') + raw).padEnd(12, '0');
  return body + ean13CheckDigit(body);
}
