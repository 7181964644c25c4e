import { useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../lib/api';
import { money } from '../../lib/documents';
import type { Option } from '../../lib/lookups';
import type { Page } from '../../lib/ServerTable';

/**
 * What the settlement screens share: the three kinds of party (customers and stores owe HQ,
 * HQ owes suppliers), finding one as the user types, and a party's open items (应收/应付明细).
 * List rows are typed here from the services' SELECTs (the contract types them as open objects).
 */
export type PartyType = 'customer' | 'supplier' | 'store';
export const PARTY_TYPES: PartyType[] = ['customer', 'supplier', 'store'];

/** Parties of a kind matching a code or name (customers, suppliers: active ones; stores: org units of kind store). */
export async function searchParties(partyType: PartyType, keyWords?: string): Promise<Option[]> {
  const search = keyWords?.trim() || undefined;
  type Named = { items: { id: string; code: string; name: string }[] };
  const page =
    partyType === 'customer'
      ? ok<Named>(await api.GET('/api/catalog/customers', { params: { query: { search, pageSize: 20, status: 'active' } } }))
      : partyType === 'supplier'
        ? ok<Named>(await api.GET('/api/catalog/suppliers', { params: { query: { search, pageSize: 20, status: 'active' } } }))
        : ok<Named>(await api.GET('/api/org-units', { params: { query: { kind: 'store', search, pageSize: 50 } } }));
  return page.items.map((p) => ({ label: `${p.code} ${p.name}`, value: p.id }));
}

/** A row of `GET /api/settlement/items` (应收/应付明细). */
export interface ItemRow extends Record<string, unknown> {
  id: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  docType: string;
  docTypeZh: string;
  docId: string;
  docNo: string;
  docDate: string;
  entryDate: string;
  dueDate: string | null;
  amount: string;
  allocated: string;
  open: string;
  daysOverdue: number;
  description: string | null;
}

/** Where a ledger item's document opens in the console (null: a document without a screen). */
export function docLink(docType: string, docId: string): string | null {
  const base = docType.replace(/_reversal$/, '');
  const paths: Record<string, string> = {
    wholesale_delivery: '/wholesale/deliveries',
    wholesale_return: '/wholesale/returns',
    customer_receipt: '/settlement/receipts',
    supplier_payment: '/settlement/payments',
    store_payment: '/settlement/store-payments',
    supplier_sales_settlement: '/settlement/supplier-settlements',
    goods_receipt: '/purchase/receipts',
    goods_receipt_correction: '/purchase/receipts',
    purchase_return: '/purchase/returns',
    transfer_shipment: '/chain/shipments',
  };
  return paths[base] ? `${paths[base]}?id=${docId}` : null;
}

/** A party's open items (what it still owes, or is owed), oldest due first. */
export function OpenItems(props: { partyType: PartyType; partyId: string; testId?: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['settlement-open-items', props.partyType, props.partyId],
    queryFn: async () =>
      ok<Page<ItemRow>>(
        await api.GET('/api/settlement/items', {
          params: { query: { partyType: props.partyType, partyId: props.partyId, open: 'true', sort: ['dueDate', 'docNo'], pageSize: 100 } },
        }),
      ).items,
  });
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      loading={q.isLoading}
      dataSource={q.data ?? []}
      data-testid={props.testId}
      columns={[
        { title: t('settlement.docType'), dataIndex: 'docTypeZh' },
        { title: t('settlement.docNo'), dataIndex: 'docNo' },
        { title: t('settlement.docDate'), dataIndex: 'docDate' },
        { title: t('settlement.dueDate'), dataIndex: 'dueDate' },
        { title: t('settlement.amount'), dataIndex: 'amount', align: 'right', render: money },
        { title: t('settlement.open'), dataIndex: 'open', align: 'right', render: money },
        { title: t('settlement.daysOverdue'), dataIndex: 'daysOverdue', align: 'right' },
      ]}
    />
  );
}
