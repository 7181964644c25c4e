import { documentReadRoutes, XLSX_MIME } from '@chain-erp/shared';
import { GoodsReceipt } from './goods-receipt.entity';
import { PurchaseOrder } from './purchase-order.entity';
import { PurchaseReturn } from './purchase-return.entity';

/** Purchasing documents are read with purchase.read; a read can only miss its document. */
const PURCHASE_READ = { permission: 'purchase.read', errors: ['NOT_FOUND'] } as const;

export const PURCHASE_ORDER_READ = documentReadRoutes({
  ...PURCHASE_READ,
  get: { type: PurchaseOrder, summary: 'One order with lines (received and outstanding quantities) and approvals' },
  audit: 'Audit trail of the order: every transition, who, when, why',
  // the print route sits with the order's sheet import (PurchaseOrderSheetController)
  document: {
    summary: 'The order as Excel (format=xlsx) or a printable HTML document (format=html, 打印)',
    mediaTypes: [XLSX_MIME, 'text/html'],
    description: 'the order as a spreadsheet or a printable page',
    path: 'purchase-orders/:id/document',
  },
});

export const GOODS_RECEIPT_READ = documentReadRoutes({
  ...PURCHASE_READ,
  get: { type: GoodsReceipt, summary: 'One receipt with lines and the corrections made to it' },
});

export const PURCHASE_RETURN_READ = documentReadRoutes({
  ...PURCHASE_READ,
  get: { type: PurchaseReturn, summary: 'One return with lines' },
});
