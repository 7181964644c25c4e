import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Tabs, Tag } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { dateTime, useRunAction } from '../../lib/documents';
import { refEnum, useOrgUnits, useWarehouses } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

interface AlertRow extends Record<string, unknown> {
  kind: 'low_stock' | 'overstock' | 'near_expiry' | 'expired';
  orgUnitId: string;
  warehouseId: string;
  warehouseCode: string;
  productId: string;
  productCode: string;
  productName: string;
  batchNo: string;
  qty: string;
  threshold: string | null;
  expiryDate: string | null;
  alertDate?: string;
  recordedAt?: string;
}
const KIND_COLORS = { low_stock: 'orange', overstock: 'purple', near_expiry: 'gold', expired: 'red' } as const;

/** 库存预警: live alerts (below min, above max, near expiry, expired) and the daily recordings; limits are set on 库存查询. */
export default function Alerts() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const run = useRunAction();
  const recordedRef = useRef<ActionType>();
  return (
    <PageContainer title={t('menu.alerts')}>
      <Tabs
        items={[
          { key: 'current', label: t('inventory.alert.current'), children: <AlertTable id="alerts-current" path="/api/inventory/alerts/current" /> },
          {
            key: 'recorded',
            label: t('inventory.alert.recorded'),
            children: (
              <AlertTable
                id="alerts-recorded"
                path="/api/inventory/alerts"
                recorded
                actionRef={recordedRef}
                toolBar={
                  can('inventory.settings')
                    ? [
                        <Button
                          key="record"
                          onClick={() =>
                            run(
                              async () => ok(await api.POST('/api/inventory/alerts/record')),
                              () => void recordedRef.current?.reload(),
                            )
                          }
                        >
                          {t('inventory.alert.record')}
                        </Button>,
                      ]
                    : []
                }
              />
            ),
          },
        ]}
      />
    </PageContainer>
  );
}

function AlertTable(props: {
  id: string;
  path: '/api/inventory/alerts' | '/api/inventory/alerts/current';
  recorded?: boolean;
  toolBar?: React.ReactNode[];
  actionRef?: React.MutableRefObject<ActionType | undefined>;
}) {
  const { t } = useTranslation();
  const warehouses = useWarehouses();
  const stores = useOrgUnits().filter((o) => o.kind === 'store');
  const kinds = Object.fromEntries(Object.keys(KIND_COLORS).map((k) => [k, { text: t(`inventory.alert.${k}`) }]));
  const columns: ProColumns<AlertRow>[] = [
    {
      title: t('inventory.alert.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: kinds,
      render: (_, r) => <Tag color={KIND_COLORS[r.kind]}>{t(`inventory.alert.${r.kind}`)}</Tag>,
    },
    { title: t('inventory.warehouse'), dataIndex: 'warehouseId', valueType: 'select', valueEnum: refEnum(warehouses), render: (_, r) => r.warehouseCode },
    ...(stores.length ? [{ title: t('inventory.store'), dataIndex: 'storeId', valueType: 'select' as const, valueEnum: refEnum(stores), hideInTable: true }] : []),
    ...(props.recorded
      ? [
          { title: t('inventory.alert.date'), dataIndex: 'date', valueType: 'date' as const, hideInTable: true },
          { title: t('inventory.alert.date'), dataIndex: 'alertDate', search: false as const },
        ]
      : []),
    { title: t('product.code'), dataIndex: 'productCode', search: false },
    { title: t('product.name'), dataIndex: 'productName', search: false },
    { title: t('inventory.batchNo'), dataIndex: 'batchNo', search: false },
    { title: t('inventory.qty'), dataIndex: 'qty', search: false, align: 'right' },
    {
      title: t('inventory.alert.detail'),
      dataIndex: 'threshold',
      search: false,
      render: (_, r) =>
        r.expiryDate
          ? `${t('inventory.expiryDate')} ${r.expiryDate}`
          : r.threshold !== null
            ? `${t(r.kind === 'low_stock' ? 'inventory.minQty' : 'inventory.maxQty')} ${r.threshold}`
            : '-',
    },
    ...(props.recorded ? [{ title: t('inventory.postedAt'), dataIndex: 'recordedAt', search: false as const, renderText: dateTime }] : []),
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_, r) => <Link to={`/inventory/stock-card?warehouseId=${r.warehouseId}&productId=${r.productId}`}>{t('menu.stockCard')}</Link>,
    },
  ];
  return (
    <ServerTable<AlertRow>
      id={props.id}
      headerTitle={null}
      rowKey="key"
      actionRef={props.actionRef}
      columns={columns}
      toolBar={props.toolBar}
      fetchPage={async (q: ListQuery) => {
        const page = ok<Page<AlertRow>>(await api.GET(props.path, { params: { query: q as never } }));
        return { ...page, items: page.items.map((r, i) => ({ ...r, key: `${r.kind}:${r.warehouseId}:${r.productId}:${r.batchNo}:${i}` })) };
      }}
    />
  );
}
