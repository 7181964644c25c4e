/** Purchasing documents as the API answers them (money and quantities are exact decimal strings). */
export interface Named {
  id: string;
  code: string;
  name: string;
}

export type OrderStatus = 'draft' | 'submitted' | 'approved' | 'partially_received' | 'received' | 'closed' | 'cancelled';
export const ORDER_STATUSES: OrderStatus[] = ['draft', 'submitted', 'approved', 'partially_received', 'received', 'closed', 'cancelled'];

interface DocHeader extends Record<string, unknown> {
  id: string;
  number: string;
  orgUnitId: string;
  supplierId: string;
  warehouseId: string;
  supplier?: Named | null;
  warehouse?: Named | null;
  lateEntry: boolean;
  lateReason: string | null;
  totalQty: string;
  totalAmount: string;
  totalTax: string;
  rowVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrderLine {
  id: string;
  lineNo: number;
  productId: string;
  productCode: string;
  productName: string;
  specification: string | null;
  unitName: string | null;
  batchManaged: boolean;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
  taxAmount: string;
  receivedQty: string;
  outstandingQty: string;
  note: string | null;
}

export interface PurchaseOrder extends DocHeader {
  status: OrderStatus;
  orderDate: string;
  expectedDate: string | null;
  requiredApprovals: number;
  remark: string | null;
  closeReason: string | null;
  lines?: OrderLine[];
  approvals?: { id: string; level: number; username: string; approvedAt: string }[];
}

export type ReceiptStatus = 'draft' | 'posted' | 'cancelled';
export interface ReceiptLine {
  id: string;
  lineNo: number;
  orderLineId: string | null;
  reversesLineId: string | null;
  productId: string;
  productCode: string;
  productName: string;
  specification: string | null;
  unitName: string | null;
  batchManaged: boolean;
  orderedQty: string | null;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
  taxAmount: string;
  unitCost: string | null;
  batchNo: string | null;
  expiryDate: string | null;
  note: string | null;
}
export interface GoodsReceipt extends DocHeader {
  kind: 'receipt' | 'correction';
  orderId: string | null;
  reversesId: string | null;
  status: ReceiptStatus;
  deliveryNoteNo: string | null;
  businessDate: string;
  reason: string | null;
  remark: string | null;
  order?: { id: string; number: string } | null;
  reverses?: { id: string; number: string } | null;
  lines?: ReceiptLine[];
}

export interface ReturnLine {
  id: string;
  lineNo: number;
  receiptLineId: string | null;
  productId: string;
  productCode: string;
  productName: string;
  unitName: string | null;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
  taxAmount: string;
  postedCost: string | null;
  batchNo: string | null;
  note: string | null;
}
export interface PurchaseReturn extends DocHeader {
  status: ReceiptStatus;
  receiptId: string | null;
  businessDate: string;
  reason: string | null;
  lines?: ReturnLine[];
}
