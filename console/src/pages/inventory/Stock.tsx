import { ModalForm, PageContainer, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Space, Tag } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { money, useRunAction } from '../../lib/documents';
import { labelsOf, useLookups } from '../../lib/lookups';
import { refEnum, useOrgUnits, useWarehouses } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

/** A stock row: a product (or a batch of it) in a warehouse, at moving-average cost. */
export interface StockRow extends Record<string, unknown> {
  warehouseId: string;
  warehouseCode: string;
  warehouseName: string;
  orgUnitId: string;
  productId: string;
  productCode: string;
  productName: string;
  categoryId: string | null;
  batchNo: string | null;
  expiryDate: string | null;
  qty: string;
  avgCost: string;
  value: string;
  minQty: string | null;
  maxQty: string | null;
}

const yesNo = (t: (k: string) => string) => ({ true: { text: t('common.yes') }, false: { text: t('common.no') } });

/**
 * 库存查询 / 商品仓库: stock by warehouse (or by batch), filters, Excel export, the product's stock
 * card, and its min/max in this warehouse. At a store the server answers for its own warehouses.
 */
export default function Stock() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const actionRef = useRef<ActionType>();
  const warehouses = useWarehouses();
  const stores = useOrgUnits().filter((o) => o.kind === 'store');
  const { categories } = useLookups();
  const hq = me?.orgUnit.kind === 'hq';
  const settings = can('inventory.settings') && hq;

  const columns: ProColumns<StockRow>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('inventory.productHint') } },
    {
      title: t('inventory.warehouse'),
      dataIndex: 'warehouseId',
      valueType: 'select',
      valueEnum: refEnum(warehouses),
      fieldProps: { showSearch: true },
      render: (_, r) => `${r.warehouseCode} ${r.warehouseName}`,
    },
    ...(hq
      ? [{ title: t('inventory.store'), dataIndex: 'storeId', valueType: 'select' as const, valueEnum: refEnum(stores), hideInTable: true, fieldProps: { showSearch: true } }]
      : []),
    { title: t('product.code'), dataIndex: 'productCode', sorter: true, search: false, copyable: true },
    { title: t('product.name'), dataIndex: 'productName', search: false, ellipsis: true },
    { title: t('product.category'), dataIndex: 'categoryId', valueType: 'select', valueEnum: labelsOf(categories), fieldProps: { showSearch: true } },
    { title: t('inventory.batchNo'), dataIndex: 'batchNo', search: false },
    { title: t('inventory.expiryDate'), dataIndex: 'expiryDate', search: false },
    { title: t('inventory.qty'), dataIndex: 'qty', sorter: true, search: false, align: 'right', render: (_, r) => <QtyCell r={r} /> },
    { title: t('inventory.avgCost'), dataIndex: 'avgCost', search: false, align: 'right', renderText: money },
    { title: t('inventory.value'), dataIndex: 'value', sorter: true, search: false, align: 'right', renderText: money },
    { title: t('inventory.minQty'), dataIndex: 'minQty', search: false, align: 'right' },
    { title: t('inventory.maxQty'), dataIndex: 'maxQty', search: false, align: 'right' },
    { title: t('inventory.byBatch'), dataIndex: 'byBatch', valueType: 'select', valueEnum: yesNo(t), hideInTable: true },
    { title: t('inventory.belowMin'), dataIndex: 'belowMin', valueType: 'select', valueEnum: yesNo(t), hideInTable: true },
    { title: t('inventory.aboveMax'), dataIndex: 'aboveMax', valueType: 'select', valueEnum: yesNo(t), hideInTable: true },
    { title: t('inventory.includeZero'), dataIndex: 'includeZero', valueType: 'select', valueEnum: yesNo(t), hideInTable: true },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      render: (_, r) => (
        <Space>
          <Link to={`/inventory/stock-card?warehouseId=${r.warehouseId}&productId=${r.productId}`}>{t('menu.stockCard')}</Link>
          {settings && <LimitForm row={r} onSaved={() => void actionRef.current?.reload()} />}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer title={t('menu.stock')}>
      <ServerTable<StockRow>
        id="inventory-stock"
        headerTitle={t('menu.stock')}
        actionRef={actionRef}
        rowKey="key"
        columns={columns}
        fetchPage={async (q: ListQuery) => {
          const page = ok<Page<StockRow>>(await api.GET('/api/inventory/stock', { params: { query: q as never } }));
          return { ...page, items: page.items.map((r) => ({ ...r, key: `${r.warehouseId}:${r.productId}:${r.batchNo ?? ''}` })) };
        }}
        exportFile={{ path: '/api/inventory/stock/export', fileName: 'stock.xlsx' }}
      />
    </PageContainer>
  );
}

function QtyCell({ r }: { r: StockRow }) {
  const { t } = useTranslation();
  const q = Number(r.qty);
  return (
    <Space size={4}>
      {r.qty}
      {q < 0 && <Tag color="red">{t('inventory.negative')}</Tag>}
      {r.minQty !== null && q < Number(r.minQty) && q >= 0 && <Tag color="orange">{t('inventory.low')}</Tag>}
      {r.maxQty !== null && q > Number(r.maxQty) && <Tag color="purple">{t('inventory.over')}</Tag>}
    </Space>
  );
}

/** 库存上下限 of a product in a warehouse (blank → the product's own min/max). */
function LimitForm({ row, onSaved }: { row: StockRow; onSaved(): void }) {
  const { t } = useTranslation();
  const run = useRunAction();
  return (
    <ModalForm<{ minQty?: string; maxQty?: string }>
      title={`${t('inventory.limits')} · ${row.productCode} ${row.productName} · ${row.warehouseName}`}
      trigger={<a>{t('inventory.limits')}</a>}
      width={480}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ minQty: row.minQty ?? '', maxQty: row.maxQty ?? '' }}
      onFinish={(v) =>
        run(
          async () =>
            ok(
              await api.PUT('/api/inventory/limits', {
                body: { warehouseId: row.warehouseId, productId: row.productId, minQty: (v.minQty?.trim() || null) as never, maxQty: (v.maxQty?.trim() || null) as never },
              }),
            ),
          onSaved,
        )
      }
    >
      <ProFormText name="minQty" label={t('inventory.minQty')} />
      <ProFormText name="maxQty" label={t('inventory.maxQty')} />
    </ModalForm>
  );
}
