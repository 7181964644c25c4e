import type { ReceiptJson } from './tillApi';

/**
 * 小票 print view: the store server's receipt (小票设置: header, fields, footer, width) laid out for
 * 58 mm paper (32 columns) or 80 mm (42/48). On screen it is hidden; `window.print()` prints only it.
 */
export function ReceiptPrint({ receipt }: { receipt: ReceiptJson }) {
  const mm = receipt.width <= 32 ? 58 : 80;
  return (
    <div className="till-receipt" data-testid="receipt" data-paper={`${mm}mm`}>
      <style>{`
        .till-receipt { display: none; }
        @media print {
          @page { size: ${mm}mm auto; margin: 0; }
          body * { visibility: hidden; }
          .till-receipt, .till-receipt * { visibility: visible; }
          .till-receipt { display: block; position: absolute; left: 0; top: 0; width: ${mm - 6}mm; padding: 0 3mm; }
        }
        .till-receipt pre { font: ${mm === 58 ? 11 : 12}px/1.35 'Noto Sans Mono CJK SC', 'SimSun', monospace; white-space: pre; margin: 0; }
      `}</style>
      <pre>{receipt.text}</pre>
    </div>
  );
}
