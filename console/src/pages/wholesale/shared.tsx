import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, download, ok } from '../../lib/api';
import type { Option } from '../../lib/lookups';

/**
 * What the wholesale screens share. Documents are the generated client's types; their lines and the
 * list rows are typed here from the services' SELECTs (the contract types them as open objects).
 */
export type WholesaleOrder = Omit<HqSchemas['WholesaleOrderGetResponse'], 'lines'> & { lines: OrderLine[] };
export type WholesaleDelivery = Omit<HqSchemas['WholesaleDeliveryGetResponse'], 'lines'> & { lines: DeliveryLine[] };
export type WholesaleReturn = Omit<HqSchemas['WholesaleReturnGetResponse'], 'lines'> & { lines: ReturnLine[] };

interface ProductLine {
  id: string;
  lineNo: number;
  productId: string;
  productCode: string;
  productName: string;
  unitName: string | null;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
  taxAmount: string;
}
export interface OrderLine extends ProductLine {
  listPrice: string;
  priceSource: string;
  deliveredQty: string;
  outstandingQty: string;
  batchManaged: boolean;
  note: string | null;
}
export interface DeliveryLine extends ProductLine {
  orderLineId: string;
  unitCost: string | null;
  costAmount: string | null;
  returnedQty: string;
  batchList: string;
}
export interface ReturnLine extends ProductLine {
  deliveryLineId: string;
  unitCost: string | null;
  costAmount: string | null;
}

/** A row of the three document lists (`GET /api/wholesale/orders|deliveries|returns`). */
export interface DocRow extends Record<string, unknown> {
  id: string;
  number: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  warehouseName: string;
  status: string;
  totalQty: string;
  totalAmount: string;
  createdAt: string;
}

export const ORDER_STATUSES = ['draft', 'submitted', 'approved', 'partially_delivered', 'delivered', 'closed', 'cancelled'] as const;
export const DOC_STATUSES = ['draft', 'posted', 'cancelled'] as const;

/** Active customers matching a code or name, for a searchable select. */
export async function searchCustomers(keyWords?: string): Promise<Option[]> {
  const page = ok<{ items: { id: string; code: string; name: string }[] }>(
    await api.GET('/api/catalog/customers', { params: { query: { search: keyWords?.trim() || undefined, pageSize: 20, status: 'active' } } }),
  );
  return page.items.map((c) => ({ label: `${c.code} ${c.name}`, value: c.id }));
}

export const customerText = (c: { code: string; name: string } | undefined | null) => (c ? `${c.code} ${c.name}` : '-');

/** The document's Excel file as the server makes it (`…/:id/document?format=xlsx`). */
export function DocumentExcel(props: { path: string; fileName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Button icon={<DownloadOutlined />} onClick={() => download(props.path, { format: 'xlsx' }, props.fileName).catch((e) => void message.error(String(e)))}>
      {t('common.export')}
    </Button>
  );
}

/** A fresh key per dialog opening: a double click or a retry after a timeout never writes twice. */
export const newKey = (): string => crypto.randomUUID();
