import { DownloadOutlined } from '@ant-design/icons';
import type { ProColumns } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Modal, Table, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, download, ok } from '../../lib/api';
import { AuditTrail, errorText, money, PrintButton, StatusTag, statusEnum, type AuditRow, type PrintColumn } from '../../lib/documents';
import type { Option } from '../../lib/lookups';

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

/** Reloads a document drawer's document and audit trail, and tells the list. */
export function useDocRefresh(queryKey: string, id: string, onChanged: () => void) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: [queryKey, id] });
    void qc.invalidateQueries({ queryKey: ['audit', queryKey, id] });
    onChanged();
  };
}

/** A document's drawer: `<menu> <number>` as the title, its status tag, the load error, the body once loaded. */
export function DocDrawer<D extends { number: string; status: string }>(props: {
  title: string;
  doc: D | undefined;
  error: unknown;
  width: number;
  testId: string;
  onClose(): void;
  children(doc: D): ReactNode;
}) {
  const d = props.doc;
  return (
    <Drawer open width={props.width} title={d ? `${props.title} ${d.number}` : ''} onClose={props.onClose} extra={d && <StatusTag status={d.status} />} data-testid={props.testId}>
      {props.error ? <Alert type="error" message={errorText(props.error)} /> : null}
      {d && props.children(d)}
    </Drawer>
  );
}

/** The product columns that start a drawer's lines table. */
export const lineHeadColumns = (t: T) => [
  { title: '#', dataIndex: 'lineNo' },
  { title: t('product.code'), dataIndex: 'productCode' },
  { title: t('product.name'), dataIndex: 'productName' },
  { title: t('product.unit'), dataIndex: 'unitName' },
];

/** The drawer's lines tab: the product columns, then the document's own. */
export function linesTab<L extends ProductLine>(t: T, lines: L[], columns: TableColumnsType<L>, scroll = true) {
  return {
    key: 'lines',
    label: t('wholesale.lines'),
    children: (
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={lines}
        scroll={scroll ? { x: 'max-content' } : undefined}
        columns={[...(lineHeadColumns(t) as TableColumnsType<L>), ...columns]}
      />
    ),
  };
}

/** The drawer's 操作记录 tab. */
export const auditTab = (t: T, queryKey: string, id: string, load: () => Promise<{ data?: unknown; error?: unknown }>) => ({
  key: 'audit',
  label: t('doc.audit'),
  children: <AuditTrail queryKey={[queryKey, id]} load={async () => ok<AuditRow[]>(await load())} />,
});

/** The 打印预览 button; the buttons of the document toolbar: print view and the Excel file. */
export function PrintExportButtons(props: { onPrint(): void; printTestId?: string; path: string; fileName: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Button onClick={props.onPrint} data-testid={props.printTestId}>
        {t('doc.printView')}
      </Button>
      <DocumentExcel path={props.path} fileName={props.fileName} />
    </>
  );
}

/** The print preview dialog around a PrintSheet. */
export function PrintModal(props: { open: boolean; onClose(): void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Modal open={props.open} onCancel={props.onClose} width={900} footer={<PrintButton />} title={t('doc.printView')}>
      {props.children}
    </Modal>
  );
}

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
