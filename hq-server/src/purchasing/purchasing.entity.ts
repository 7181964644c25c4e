import { GoodsReceipt, GoodsReceiptLine } from './goods-receipt.entity';
import { PurchaseOrder, PurchaseOrderApproval, PurchaseOrderLine } from './purchase-order.entity';
import { PurchaseReturn, PurchaseReturnLine } from './purchase-return.entity';

export const PURCHASING_ENTITIES = [PurchaseOrder, PurchaseOrderLine, PurchaseOrderApproval, GoodsReceipt, GoodsReceiptLine, PurchaseReturn, PurchaseReturnLine];
