import { type PosSaleDoc } from '@chain-erp/shared';
import { displayWidth, receiptText, saleReceipt } from './receipt.renderer';

const sale = {
  receiptNo: 'SALE-S001-01-20261123-0001',
  soldAt: '2026-11-23T08:00:00.000Z',
  tillCode: '01',
  cashierName: '张三',
  memberRef: null,
  grossAmount: '31.30',
  discountAmount: '1.05',
  roundingAmount: '-0.05',
  totalAmount: '30.20',
  paidAmount: '50.00',
  changeAmount: '19.80',
  lines: [
    {
      lineNo: 1,
      productName: '可口可乐零度无糖汽水 330ml 罐装 超长名称',
      quantity: '3',
      unitPrice: '3.50',
      amount: '9.45',
      lineDiscount: '1.05',
      saleDiscount: '0.00',
      barcode: '6900000000011',
      voided: false,
    },
    { lineNo: 2, productName: '全麦面包', quantity: '1', unitPrice: '11.80', amount: '11.80', lineDiscount: '0.00', saleDiscount: '0.00', barcode: null, voided: false },
    { lineNo: 3, productName: '红富士苹果', quantity: '0.745', unitPrice: '12.00', amount: '8.95', lineDiscount: '0.00', saleDiscount: '-0.01', barcode: null, voided: false },
  ],
  payments: [{ methodName: '现金', tendered: '50.00' }],
} as unknown as PosSaleDoc;

const settings = {
  header: ['欢迎光临'],
  footer: ['谢谢惠顾'],
  width: 32 as const,
  fields: { cashier: true, till: true, barcode: true, memberRef: true, discounts: true, payments: true },
};

describe('receipt renderer', () => {
  it('counts a CJK character as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('找零')).toBe(4);
  });

  it('renders a fixed-width receipt that never runs past the paper', () => {
    for (const width of [32, 42, 48]) {
      const text = receiptText(saleReceipt(sale, { ...settings, width: width as 32 }, '测试门店'), width);
      const lines = text.trimEnd().split('\n');
      for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(width);
      expect(lines).toContain(`单号: ${sale.receiptNo}`);
      expect(lines.find((l) => l.startsWith('应收'))!.endsWith('30.20')).toBe(true);
      expect(lines.find((l) => l.startsWith('找零'))!.endsWith('19.80')).toBe(true);
      expect(lines.find((l) => l.startsWith('抹零'))!.endsWith('-0.05')).toBe(true);
    }
  });

  it('prints only the fields the settings choose and marks reprints', () => {
    const r = saleReceipt(sale, { ...settings, fields: { ...settings.fields, cashier: false, barcode: false } }, '测试门店', true);
    const text = receiptText(r, 32);
    expect(text).not.toContain('张三');
    expect(text).not.toContain('6900000000011');
    expect(text).toContain('重打');
  });
});
