import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormRadio, ProFormSelect, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Input, InputNumber, Progress, Space, Switch, Table, Tabs, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { AuditTrail, dateTime, errorText, StatusTag, statusEnum, useRunAction, type AuditRow } from '../../lib/documents';
import { useLookups } from '../../lib/lookups';
import { refEnum, refName, refOptions, searchProducts, useOrgUnits, useWarehouses } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

interface CountLine {
  productId: string;
  productCode: string;
  productName: string;
  bookQty: string;
  countedQty: string | null;
  expectedQty: string;
  varianceQty: string | null;
  countedAt: string | null;
}
interface StockCount extends Record<string, unknown> {
  id: string;
  number: string;
  warehouseId: string;
  orgUnitId: string;
  categoryId: string | null;
  status: 'counting' | 'posted' | 'cancelled';
  snapshotAt: string;
  businessDate: string;
  uncountedPolicy: 'keep' | 'zero' | null;
  remark: string | null;
  postedAt: string | null;
  createdAt: string;
  lines?: CountLine[];
}

/** 盘点: open a count (snapshot), enter it by keyboard/scanner or file, review the variances, post. */
export default function Counts() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const warehouses = useWarehouses();
  const stores = useOrgUnits().filter((o) => o.kind === 'store');
  const { categories } = useLookups();
  const run = useRunAction();
  const mine = warehouses.filter((w) => w.kind === 'normal' && w.status === 'active' && (me?.orgUnit.kind === 'hq' || w.orgUnitId === me?.orgUnit.id));

  const columns: ProColumns<StockCount>[] = [
    { title: t('inventory.number'), dataIndex: 'number', search: false, render: (_, r) => <a onClick={() => setParams({ id: r.id })}>{r.number}</a> },
    { title: t('inventory.warehouse'), dataIndex: 'warehouseId', valueType: 'select', valueEnum: refEnum(warehouses) },
    ...(stores.length ? [{ title: t('inventory.store'), dataIndex: 'storeId', valueType: 'select' as const, valueEnum: refEnum(stores), hideInTable: true }] : []),
    { title: t('inventory.count.snapshotAt'), dataIndex: 'snapshotAt', search: false, renderText: dateTime },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: statusEnum(t, ['counting', 'posted', 'cancelled']),
      render: (_, r) => <StatusTag status={r.status} />,
    },
    { title: t('inventory.remark'), dataIndex: 'remark', search: false },
    { title: t('inventory.postedAt'), dataIndex: 'postedAt', search: false, renderText: dateTime },
  ];

  return (
    <PageContainer title={t('menu.counts')}>
      <ServerTable<StockCount>
        id="stock-counts"
        headerTitle={t('menu.counts')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<StockCount>>(await api.GET('/api/inventory/counts', { params: { query: q as never } }))}
        toolBar={
          can('inventory.count')
            ? [
                <ModalForm<{ warehouseId: string; categoryId?: string; remark?: string }>
                  key="open"
                  title={t('inventory.count.open')}
                  width={520}
                  modalProps={{ destroyOnClose: true }}
                  trigger={
                    <Button type="primary" icon={<PlusOutlined />} data-testid="count-open">
                      {t('inventory.count.open')}
                    </Button>
                  }
                  onFinish={async (v) => {
                    let id = '';
                    const done = await run(async () => {
                      id = ok<StockCount>(await api.POST('/api/inventory/counts', { body: v })).id;
                    });
                    if (done) {
                      void actionRef.current?.reload();
                      setParams({ id });
                    }
                    return done;
                  }}
                >
                  <ProFormSelect name="warehouseId" label={t('inventory.warehouse')} options={refOptions(mine)} rules={[{ required: true }]} />
                  <ProFormSelect name="categoryId" label={t('inventory.count.category')} options={categories} showSearch allowClear />
                  <ProFormText name="remark" label={t('inventory.remark')} />
                </ModalForm>,
              ]
            : []
        }
      />
      {openId && <CountDrawer id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

function CountDrawer(props: { id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const run = useRunAction();
  const warehouses = useWarehouses();
  const path = { params: { path: { id: props.id } } };
  const q = useQuery({ queryKey: ['stock-count', props.id], queryFn: async () => ok<StockCount>(await api.GET('/api/inventory/counts/{id}', path)) });
  const [code, setCode] = useState('');
  const [qty, setQty] = useState<string>('1');
  const [onlyVariance, setOnlyVariance] = useState(false);
  const codeRef = useRef<{ focus(): void } | null>(null);
  const c = q.data;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['stock-count', props.id] });
    props.onChanged();
  };
  const enter = async (lines: { productId?: string; barcode?: string; productCode?: string; quantity: string }[]) => {
    try {
      const fresh = ok<StockCount>(await api.PUT('/api/inventory/counts/{id}/lines', { ...path, body: { lines } }));
      qc.setQueryData(['stock-count', props.id], fresh);
      return true;
    } catch (e) {
      void message.error(errorText(e));
      return false;
    }
  };
  /** a scan: the code is a barcode or a product code; the quantity replaces an earlier count of it */
  const scan = async () => {
    const text = code.trim();
    if (!text) return;
    const hit = (await searchProducts(text)).find((o) => o.product.code === text || o.product.barcodes?.includes(text));
    if (!hit) {
      void message.warning(t('doc.scanNotFound', { code: text }));
      return;
    }
    if (await enter([{ productId: hit.value, quantity: qty || '1' }])) {
      setCode('');
      setQty('1');
      codeRef.current?.focus();
    }
  };
  const lines = c?.lines ?? [];
  const counted = lines.filter((l) => l.countedQty !== null).length;
  const variances = lines.filter((l) => l.varianceQty !== null && Number(l.varianceQty) !== 0);
  const open = c?.status === 'counting';
  const mayCount = open && can('inventory.count');

  return (
    <Drawer open width={1100} title={c ? `${t('menu.counts')} ${c.number}` : ''} onClose={props.onClose} extra={c && <StatusTag status={c.status} />} data-testid="count-drawer">
      {c && (
        <>
          <Descriptions size="small" column={4}>
            <Descriptions.Item label={t('inventory.warehouse')}>{refName(warehouses, c.warehouseId)}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.count.snapshotAt')}>{dateTime(c.snapshotAt)}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.businessDate')}>{c.businessDate}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.count.countedN', { n: counted, total: lines.length })}>
              <Progress percent={lines.length ? Math.round((counted * 100) / lines.length) : 0} size="small" style={{ width: 160 }} />
            </Descriptions.Item>
          </Descriptions>
          {mayCount && (
            <Space wrap style={{ margin: '8px 0 16px' }}>
              <Input
                ref={(r) => (codeRef.current = r)}
                autoFocus
                style={{ width: 240 }}
                placeholder={t('inventory.count.entryHint')}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                onPressEnter={() => void scan()}
                data-testid="count-code"
              />
              <Input
                style={{ width: 100 }}
                placeholder={t('inventory.count.qtyHint')}
                value={qty}
                onChange={(e) => setQty(e.target.value)}
                onPressEnter={() => void scan()}
                data-testid="count-qty"
              />
              <Button type="primary" onClick={() => void scan()} data-testid="count-enter">
                {t('inventory.count.enter')}
              </Button>
              <Upload
                accept=".xlsx,.txt,.csv"
                showUploadList={false}
                customRequest={async ({ file, onSuccess, onError }) => {
                  const fd = new FormData();
                  fd.append('file', file as Blob);
                  try {
                    const fresh = ok<StockCount>(
                      await api.POST('/api/inventory/counts/{id}/import', { ...path, body: fd as never, bodySerializer: (b: unknown) => b as FormData }),
                    );
                    qc.setQueryData(['stock-count', props.id], fresh);
                    void message.success(t('doc.done'));
                    onSuccess?.(fresh);
                  } catch (e) {
                    void message.error(errorText(e));
                    onError?.(e as Error);
                  }
                }}
              >
                <Button icon={<UploadOutlined />} title={t('inventory.count.importHint')}>
                  {t('inventory.count.import')}
                </Button>
              </Upload>
            </Space>
          )}
          <Space style={{ marginBottom: 8 }}>
            {open && can('inventory.count.post') && <PostCount count={c} variances={variances.length} uncounted={lines.length - counted} onDone={refresh} />}
            {mayCount && (
              <Button danger onClick={() => run(async () => ok(await api.POST('/api/inventory/counts/{id}/cancel', path)), refresh)}>
                {t('inventory.cancel')}
              </Button>
            )}
          </Space>
          <Tabs
            items={[
              {
                key: 'lines',
                label: t('inventory.count.review'),
                children: (
                  <>
                    <Space style={{ marginBottom: 8 }}>
                      <Switch checked={onlyVariance} onChange={setOnlyVariance} data-testid="only-variance" /> {t('inventory.count.onlyVariance')} ({variances.length})
                    </Space>
                    <Table<CountLine>
                      size="small"
                      rowKey="productId"
                      dataSource={onlyVariance ? variances : lines}
                      pagination={{ defaultPageSize: 50, showSizeChanger: true }}
                      data-testid="count-lines"
                      columns={[
                        { title: t('product.code'), dataIndex: 'productCode', sorter: (a, b) => a.productCode.localeCompare(b.productCode) },
                        { title: t('product.name'), dataIndex: 'productName' },
                        { title: t('inventory.count.book'), dataIndex: 'bookQty', align: 'right' },
                        { title: t('inventory.count.expected'), dataIndex: 'expectedQty', align: 'right' },
                        {
                          title: t('inventory.count.counted'),
                          dataIndex: 'countedQty',
                          align: 'right',
                          render: (v: string | null, l) =>
                            mayCount ? (
                              <InputNumber
                                size="small"
                                min="0"
                                stringMode
                                defaultValue={v ?? undefined}
                                onPressEnter={(e) => void enter([{ productId: l.productId, quantity: (e.target as HTMLInputElement).value }])}
                                onBlur={(e) => e.target.value !== (v ?? '') && e.target.value !== '' && void enter([{ productId: l.productId, quantity: e.target.value }])}
                              />
                            ) : (
                              (v ?? '-')
                            ),
                        },
                        {
                          title: t('inventory.count.variance'),
                          dataIndex: 'varianceQty',
                          align: 'right',
                          sorter: (a, b) => Number(a.varianceQty ?? 0) - Number(b.varianceQty ?? 0),
                          render: (v: string | null) => (v === null ? '-' : <b style={{ color: Number(v) < 0 ? '#cf1322' : Number(v) > 0 ? '#3f8600' : undefined }}>{v}</b>),
                        },
                        { title: t('inventory.count.countedAt'), dataIndex: 'countedAt', render: dateTime },
                      ]}
                    />
                  </>
                ),
              },
              {
                key: 'audit',
                label: t('doc.audit'),
                children: (
                  <AuditTrail
                    queryKey={['stock-count', c.id]}
                    load={async () =>
                      ok<{ items: AuditRow[] }>(
                        await api.GET('/api/audit', { params: { query: { entityType: 'stock_count', entityId: c.id, sort: ['at'], pageSize: 200 } as never } }),
                      ).items
                    }
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

function PostCount({ count, variances, uncounted, onDone }: { count: StockCount; variances: number; uncounted: number; onDone(): void }) {
  const { t } = useTranslation();
  const run = useRunAction();
  return (
    <ModalForm<{ uncounted: 'keep' | 'zero' }>
      title={t('inventory.count.postTitle', { number: count.number })}
      width={520}
      initialValues={{ uncounted: 'keep' }}
      trigger={
        <Button type="primary" data-testid="count-post">
          {t('inventory.post')}
        </Button>
      }
      onFinish={(v) => run(async () => ok(await api.POST('/api/inventory/counts/{id}/post', { params: { path: { id: count.id } }, body: v })), onDone)}
    >
      <p>{t('inventory.count.postBody', { n: variances, u: uncounted })}</p>
      <ProFormRadio.Group
        name="uncounted"
        options={[
          { label: t('inventory.count.keep'), value: 'keep' },
          { label: t('inventory.count.zero'), value: 'zero' },
        ]}
      />
    </ModalForm>
  );
}
