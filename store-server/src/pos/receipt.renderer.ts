import { type PosRefundDoc, type PosSaleDoc, type PosTopUpDoc } from '@chain-erp/shared';
import { type ReceiptSettingsDto } from './pos-settings.dto';

/**
 * 小票: a plain-text receipt of a fixed width for the till's printer, and the same content as
 * JSON for tills that lay it out themselves. Widths count a CJK character as two columns, as
 * thermal printers do.
 */
export interface ReceiptJson {
  title: string;
  header: string[];
  meta: Array<{ label: string; value: string }>;
  lines: Array<{
    name: string;
    quantity: string;
    unitPrice: string;
    amount: string;
    discount: string | null;
    barcode: string | null;
    voided: boolean;
    promotions?: Array<{ name: string; saving: string }>;
  }>;
  totals: Array<{ label: string; value: string }>;
  payments: Array<{ label: string; value: string }>;
  footer: string[];
  reprint: boolean;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Cuts a string to a display width. */
function fit(s: string, width: number): string {
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width) break;
    out += ch;
  }
  return out;
}

const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
const center = (s: string, width: number) => {
  const t = fit(s, width);
  return ' '.repeat(Math.floor((width - displayWidth(t)) / 2)) + t;
};
/** label on the left, value on the right */
const row = (left: string, right: string, width: number) => {
  const r = fit(right, width);
  const l = fit(left, Math.max(0, width - displayWidth(r) - 1));
  return pad(l, width - displayWidth(r)) + r;
};

export function saleReceipt(sale: PosSaleDoc, settings: ReceiptSettingsDto, storeName: string, reprint = false): ReceiptJson {
  const f = settings.fields;
  const meta = [
    { label: '单号', value: sale.receiptNo },
    { label: '时间', value: formatTime(sale.soldAt) },
    ...(f.till ? [{ label: '收银机', value: sale.tillCode }] : []),
    ...(f.cashier ? [{ label: '收银员', value: sale.cashierName }] : []),
    ...(f.memberRef && sale.memberRef ? [{ label: '会员', value: sale.memberRef }] : []),
  ];
  const discount = Number(sale.discountAmount) !== 0;
  return {
    title: storeName,
    header: settings.header,
    meta,
    lines: sale.lines.map((l) => ({
      name: l.productName,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      amount: l.voided ? '0.00' : l.amount,
      discount: f.discounts && Number(l.lineDiscount) + Number(l.saleDiscount) !== 0 ? (Number(l.lineDiscount) + Number(l.saleDiscount)).toFixed(2) : null,
      barcode: f.barcode ? l.barcode : null,
      voided: l.voided,
      // 促销: every promotion that saved something on the line (always printed: the customer must see why the price differs)
      promotions: (l.promotions ?? []).filter((p) => Number(p.saving) !== 0).map((p) => ({ name: p.name, saving: p.saving })),
    })),
    totals: [
      { label: '件数', value: String(sale.lines.filter((l) => !l.voided).length) },
      ...(f.discounts && discount
        ? [
            { label: '原价', value: sale.grossAmount },
            { label: '优惠', value: sale.discountAmount },
          ]
        : []),
      ...(sale.promotionDiscount && Number(sale.promotionDiscount) !== 0 ? [{ label: '其中促销', value: sale.promotionDiscount }] : []),
      ...(Number(sale.roundingAmount) !== 0 ? [{ label: '抹零', value: sale.roundingAmount }] : []),
      { label: '应收', value: sale.totalAmount },
    ],
    payments: f.payments
      ? [...sale.payments.map((p) => ({ label: p.methodName, value: p.tendered })), { label: '找零', value: sale.changeAmount }]
      : [
          { label: '实收', value: sale.paidAmount },
          { label: '找零', value: sale.changeAmount },
        ],
    footer: settings.footer,
    reprint,
  };
}

export function refundReceipt(refund: PosRefundDoc, settings: ReceiptSettingsDto, storeName: string, reprint = false): ReceiptJson {
  return {
    title: `${storeName} 退货单`,
    header: settings.header,
    meta: [
      { label: '单号', value: refund.refundNo },
      ...(refund.saleReceiptNo ? [{ label: '原单', value: refund.saleReceiptNo }] : [{ label: '原单', value: '无小票' }]),
      { label: '时间', value: formatTime(refund.refundedAt) },
      { label: '原因', value: refund.reason },
      ...(settings.fields.cashier ? [{ label: '收银员', value: refund.cashierName }] : []),
    ],
    lines: refund.lines.map((l) => ({ name: l.productName, quantity: l.quantity, unitPrice: '', amount: l.amount, discount: null, barcode: null, voided: false })),
    totals: [{ label: '退款', value: refund.totalAmount }],
    payments: refund.payments.map((p) => ({ label: p.methodName, value: p.amount })),
    footer: settings.footer,
    reprint,
  };
}

/** 充值单 / 充值冲正单: the card, the amount, how it was paid (or given back) and the card's balance after. */
export function topUpReceipt(t: PosTopUpDoc, settings: ReceiptSettingsDto, storeName: string, reprint = false): ReceiptJson {
  const reversal = t.kind === 'reversal';
  return {
    title: `${storeName} ${reversal ? '充值冲正单' : '充值单'}`,
    header: settings.header,
    meta: [
      { label: '单号', value: t.topUpNo },
      ...(t.originalNo ? [{ label: '原充值单', value: t.originalNo }] : []),
      { label: '时间', value: formatTime(t.toppedUpAt) },
      { label: '卡号', value: t.cardNo },
      ...(t.reason ? [{ label: '原因', value: t.reason }] : []),
      ...(settings.fields.cashier ? [{ label: '收银员', value: t.cashierName }] : []),
    ],
    lines: [],
    totals: [{ label: reversal ? '冲正金额' : '充值金额', value: t.amount }, ...(t.cardBalanceAfter !== null ? [{ label: '卡内余额', value: t.cardBalanceAfter }] : [])],
    payments: reversal
      ? [{ label: `退 ${t.methodName}`, value: t.amount }]
      : [
          { label: t.methodName, value: t.tendered },
          { label: '找零', value: t.changeAmount },
        ],
    footer: settings.footer,
    reprint,
  };
}

export function receiptText(r: ReceiptJson, width: number): string {
  const rule = '-'.repeat(width);
  const out: string[] = [center(r.title, width), ...r.header.map((h) => center(h, width))];
  if (r.reprint) out.push(center('** 重打 REPRINT **', width));
  out.push(rule, ...r.meta.map((m) => fit(`${m.label}: ${m.value}`, width)), rule);
  for (const l of r.lines) {
    out.push(fit(l.voided ? `[删] ${l.name}` : l.name, width));
    if (l.barcode) out.push(fit(`  ${l.barcode}`, width));
    out.push(row(l.unitPrice ? `  ${l.quantity} x ${l.unitPrice}` : `  ${l.quantity}`, l.amount, width));
    for (const p of l.promotions ?? []) out.push(row(`  促销 ${p.name}`, `-${p.saving}`, width));
    if (l.discount) out.push(row('  优惠', `-${l.discount}`, width));
  }
  out.push(rule, ...r.totals.map((t) => row(t.label, t.value, width)), ...r.payments.map((p) => row(p.label, p.value, width)), rule);
  out.push(...r.footer.map((f) => center(f, width)));
  return out.map((l) => l.replace(/\s+$/, '')).join('\n') + '\n';
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The sale 小票设置's preview shows: every kind of line (long name, weighed, discounted, barcode, promotion). */
export function sampleSale(cashierName: string, at = new Date()): PosSaleDoc {
  return {
    receiptNo: 'SALE-PREVIEW-0001',
    soldAt: at.toISOString(),
    tillCode: '01',
    cashierName,
    memberRef: '8800****0001',
    grossAmount: '41.30',
    discountAmount: '2.05',
    promotionDiscount: '1.00',
    roundingAmount: '-0.05',
    totalAmount: '39.20',
    paidAmount: '50.00',
    changeAmount: '10.80',
    lines: [
      {
        lineNo: 1,
        productName: '可口可乐零度无糖汽水 330ml 罐装',
        quantity: '3',
        unitPrice: '3.50',
        amount: '9.45',
        lineDiscount: '1.05',
        saleDiscount: '0.00',
        barcode: '6900000000011',
        voided: false,
        promotions: [],
      },
      {
        lineNo: 2,
        productName: '全麦面包',
        quantity: '1',
        unitPrice: '11.80',
        amount: '10.80',
        lineDiscount: '0.00',
        saleDiscount: '0.00',
        barcode: '6900000000028',
        voided: false,
        promotions: [{ name: '面包满减', saving: '1.00' }],
      },
      {
        lineNo: 3,
        productName: '红富士苹果（称重）',
        quantity: '0.745',
        unitPrice: '12.00',
        amount: '8.95',
        lineDiscount: '0.00',
        saleDiscount: '0.00',
        barcode: null,
        voided: false,
        promotions: [],
      },
      {
        lineNo: 4,
        productName: '矿泉水 550ml',
        quantity: '5',
        unitPrice: '2.00',
        amount: '10.00',
        lineDiscount: '0.00',
        saleDiscount: '0.00',
        barcode: '6900000000035',
        voided: false,
        promotions: [],
      },
    ],
    payments: [{ methodName: '现金', tendered: '50.00' }],
  } as unknown as PosSaleDoc;
}
