import type { ProColumns } from '@ant-design/pro-components';
import { App, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, ok } from '../../lib/api';
import { errorText, money, StatusTag, statusEnum, type PrintColumn } from '../../lib/documents';
import { linesTab as docLinesTab } from '../../lib/DocumentScreen';
import type { Option } from '../../lib/lookups';

// the document screen's pieces, shared with purchasing (lib/DocumentScreen.tsx)
export { auditTab, DocDrawer, PrintExportButtons, PrintModal, useDocRefresh } from '../../lib/DocumentScreen';

/**
 * What the wholesale screens share. Documents are the generated client's types; their lines and the
 * list rows are typed here from the services' SELECTs (the contract types them as open objects).
 */
export type WholesaleOrder = Omit<HqSchemas['WholesaleOrderGetResponse'], 'lines'> & { lines: OrderLine[] };
export type WholesaleDelivery = Omit<HqSchemas['WholesaleDeliveryGetResponse'], 'lines'> & { lines: DeliveryLine[] };
export type WholesaleReturn = Omit<HqSchemas['WholesaleReturnGetResponse'], 'lines'> & { lines: ReturnLine[] };

export interface ProductLine {
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

/** A fresh key per dialog opening: a double click or a retry after a timeout never writes twice. */
export const newKey = (): string => crypto.randomUUID();

type T = (k: string) => string;

/** The customer filter of a list (a searchable select), shown as code and name. */
export function customerColumn<R extends { customerCode: string; customerName: string }>(t: T, extra?: Partial<ProColumns<R>>): ProColumns<R> {
  return {
    title: t('wholesale.customer'),
    dataIndex: 'customerId',
    valueType: 'select',
    request: ({ keyWords }) => searchCustomers(keyWords),
    fieldProps: { showSearch: true },
    debounceTime: 300,
    ...extra,
    render: (_, r) => `${r.customerCode} ${r.customerName}`,
  };
}

/** The columns every document list (orders, deliveries, returns) has; each screen puts them in its order. */
export function docListColumns<R extends DocRow>(t: T, open: (id: string) => void, statuses: readonly string[]) {
  return {
    search: { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('wholesale.numberHint') } } as ProColumns<R>,
    number: { title: t('wholesale.number'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => open(r.id)}>{r.number}</a> } as ProColumns<R>,
    customer: customerColumn<R>(t),
    period: {
      title: t('wholesale.period'),
      dataIndex: 'period',
      valueType: 'dateRange',
      hideInTable: true,
      search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) },
    } as ProColumns<R>,
    status: {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: statusEnum(t, statuses),
      render: (_, r) => <StatusTag status={r.status} />,
    } as ProColumns<R>,
    totalQty: { title: t('wholesale.totalQty'), dataIndex: 'totalQty', search: false, align: 'right' } as ProColumns<R>,
    totalAmount: { title: t('wholesale.totalAmount'), dataIndex: 'totalAmount', sorter: true, search: false, align: 'right', renderText: money } as ProColumns<R>,
  };
}

/** The drawer's lines tab of a wholesale document (批发明细). */
export const linesTab = <L extends ProductLine>(t: T, lines: L[], columns: TableColumnsType<L>, scroll = true) => docLinesTab(t('wholesale.lines'), t, lines, columns, scroll);

/** A printed sheet's columns: code, name, unit, then `middle`, then quantity, unit price and amount. */
export function printColumns<L extends ProductLine>(t: T, qtyTitle: string, middle: PrintColumn<L>[] = []): PrintColumn<L>[] {
  return [
    { title: t('product.code'), value: (l) => l.productCode },
    { title: t('product.name'), value: (l) => l.productName },
    { title: t('product.unit'), value: (l) => l.unitName ?? '' },
    ...middle,
    { title: qtyTitle, value: (l) => l.quantity, num: true },
    { title: t('wholesale.unitPrice'), value: (l) => money(l.unitPrice), num: true },
    { title: t('wholesale.amount'), value: (l) => money(l.amount), num: true },
  ];
}

/** The customer's contact and address lines of a printed sheet's head. */
export const customerHead = (t: T, c: { code: string; name: string; contact?: string | null; phone?: string | null; address?: string | null }): [string, ReactNode][] => [
  [t('wholesale.customer'), customerText(c)],
  [t('wholesale.contact'), [c.contact, c.phone].filter(Boolean).join(' ') || '-'],
  [t('wholesale.address'), c.address ?? '-'],
];

/**
 * An action the server may refuse with WHOLESALE_CREDIT_LIMIT_EXCEEDED (approve an order, post a
 * delivery): the refusal is kept to be shown with its figures, any other error is a message.
 */
export function useCreditChecked(refresh: () => void) {
  const { message } = App.useApp();
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const attempt = async (action: () => Promise<unknown>) => {
    setRefusal(null);
    try {
      await action();
      refresh();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'WHOLESALE_CREDIT_LIMIT_EXCEEDED') setRefusal(e);
      else void message.error(errorText(e));
    }
  };
  return [refusal, attempt] as const;
}
