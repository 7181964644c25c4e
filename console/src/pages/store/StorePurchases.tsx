import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { ServerTable } from '../../lib/ServerTable';
import { storeApi } from '../../lib/storeApi';

interface PurchaseRow extends Record<string, unknown> {
  id: string;
  number: string;
  kind: 'order' | 'receipt';
  supplierId: string;
  status: 'draft' | 'posted' | 'cancelled';
  docDate: string;
  totalAmount: string;
  remark: string | null;
  createdAt: string;
}
interface Line {
  key: string;
  productId: string;
  label: string;
  quantity: number | null;
  unitPrice: number | null;
}
const errText = (e: unknown) => (e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));

/** A new 采购订单 or 验收入库 of the store's own (suppliers in its scope), saved as a draft or posted. */
function NewPurchase({ open, onClose, onSaved, suppliers }: { open: boolean; onClose(): void; onSaved(): void; suppliers: { id: string; code: string; name: string }[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<'order' | 'receipt'>('receipt');
  const [supplierId, setSupplierId] = useState<string>();
  const [lines, setLines] = useState<Line[]>([]);
  const [remark, setRemark] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const search = async (keyword: string) => {
    if (!keyword.trim()) return setOptions([]);
    const page = (await api.GET('/api/catalog/products', { params: { query: { search: keyword, pageSize: 20 } } })).data as unknown as {
      items: { id: string; code: string; name: string }[];
    };
    setOptions(page.items.map((p) => ({ value: p.id, label: `${p.code} ${p.name}` })));
  };
  const save = async (post: boolean) => {
    if (!supplierId) return setFailure(t('purchase.needSupplier'));
    setSaving(true);
    setFailure(null);
    try {
      const body = {
        kind,
        supplierId,
        ...(remark.trim() ? { remark: remark.trim() } : {}),
        lines: lines.map((l) => ({ productId: l.productId, quantity: String(l.quantity ?? ''), ...(l.unitPrice != null ? { unitPrice: String(l.unitPrice) } : {}) })),
      };
      const doc = (await storeApi.POST('/api/store-purchases', { body })).data as unknown as { id: string; number: string };
      if (post) await storeApi.POST('/api/store-purchases/{id}/post', { params: { path: { id: doc.id } } });
      void message.success(post ? t('purchase.posted', { number: doc.number }) : t('common.saved'));
      setLines([]);
      onSaved();
      onClose();
    } catch (e) {
      setFailure(errText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title={t('purchase.new')}
      open={open}
      onCancel={onClose}
      width={900}
      maskClosable={false}
      destroyOnClose
      footer={[
        <Button key="c" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="d" loading={saving} onClick={() => void save(false)}>
          {t('request.saveDraft')}
        </Button>,
        <Button key="p" type="primary" loading={saving} onClick={() => void save(true)} data-testid="purchase-post">
          {t('purchase.savePost')}
        </Button>,
      ]}
    >
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          optionType="button"
          options={[
            { value: 'receipt', label: t('purchase.kinds.receipt') },
            { value: 'order', label: t('purchase.kinds.order') },
          ]}
        />
        <Select
          showSearch
          optionFilterProp="label"
          placeholder={t('purchase.supplier')}
          data-testid="purchase-supplier"
          style={{ width: 260 }}
          value={supplierId}
          onChange={setSupplierId}
          options={suppliers.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
        />
        <Select<string>
          showSearch
          data-testid="purchase-product"
          placeholder={t('request.addProduct')}
          style={{ width: 280 }}
          filterOption={false}
          onSearch={(k) => void search(k)}
          options={options}
          value={undefined}
          onSelect={(v, o) => setLines((ls) => (ls.some((l) => l.productId === v) ? ls : [...ls, { key: v, productId: v, label: String(o.label), quantity: 1, unitPrice: null }]))}
        />
      </Space>
      <Table<Line>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: t('product.name'), dataIndex: 'label' },
          {
            title: t('request.quantity'),
            key: 'q',
            render: (_, l) => (
              <InputNumber
                min={0}
                precision={3}
                value={l.quantity}
                data-testid="purchase-qty"
                onChange={(v) => setLines((ls) => ls.map((x) => (x.key === l.key ? { ...x, quantity: v } : x)))}
              />
            ),
          },
          {
            title: t('purchase.unitPrice'),
            key: 'p',
            render: (_, l) => (
              <InputNumber
                min={0}
                precision={4}
                value={l.unitPrice}
                placeholder={t('purchase.defaultPrice')}
                onChange={(v) => setLines((ls) => ls.map((x) => (x.key === l.key ? { ...x, unitPrice: v } : x)))}
              />
            ),
          },
          { title: '', key: 'x', render: (_, l) => <Button size="small" icon={<DeleteOutlined />} onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))} /> },
        ]}
      />
      <Input.TextArea value={remark} onChange={(e) => setRemark(e.target.value)} placeholder={t('request.note')} maxLength={500} rows={2} style={{ marginTop: 12 }} />
    </Modal>
  );
}

/** 门店采购: the store buys from suppliers itself, where HQ allows it (otherwise the server says so). */
export default function StorePurchases() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const ref = useRef<ActionType>();
  const [creating, setCreating] = useState(false);
  const [refused, setRefused] = useState(false);
  const suppliers = useQuery({
    queryKey: ['suppliers-all'],
    queryFn: async () =>
      ((await api.GET('/api/catalog/suppliers', { params: { query: { pageSize: 100 } as never } })).data as unknown as { items: { id: string; code: string; name: string }[] })
        .items,
  });
  const nameOf = new Map((suppliers.data ?? []).map((s) => [s.id, `${s.code} ${s.name}`]));
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void message.success(t('common.saved'));
      void ref.current?.reload();
    } catch (e) {
      void message.error(errText(e));
    }
  };
  const columns: ProColumns<PurchaseRow>[] = [
    { title: t('request.number'), dataIndex: 'number', search: false, sorter: true },
    {
      title: t('purchase.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: { order: { text: t('purchase.kinds.order') }, receipt: { text: t('purchase.kinds.receipt') } },
    },
    { title: t('purchase.supplier'), dataIndex: 'supplierId', search: false, render: (_, r) => nameOf.get(r.supplierId) ?? r.supplierId },
    {
      title: t('request.status'),
      dataIndex: 'status',
      search: false,
      render: (_, r) => <Tag color={r.status === 'posted' ? 'green' : 'default'}>{t(`purchase.statuses.${r.status}`)}</Tag>,
    },
    { title: t('purchase.docDate'), dataIndex: 'docDate', search: false },
    { title: t('purchase.total'), dataIndex: 'totalAmount', search: false, align: 'right' },
    { title: t('request.note'), dataIndex: 'remark', search: false, ellipsis: true },
    {
      title: t('common.actions'),
      key: 'a',
      search: false,
      render: (_, r) =>
        r.status === 'draft' && can('store-purchase.write') ? (
          <Space>
            <a onClick={() => void act(() => storeApi.POST('/api/store-purchases/{id}/post', { params: { path: { id: r.id } } }))}>{t('purchase.post')}</a>
            <Popconfirm
              title={t('purchase.confirmCancel')}
              onConfirm={() => act(() => storeApi.POST('/api/store-purchases/{id}/cancel', { params: { path: { id: r.id } }, body: { reason: t('request.cancelledByStore') } }))}
            >
              <a>{t('request.cancel')}</a>
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];
  return (
    <PageContainer title={false}>
      {refused && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('purchase.notAllowed')} data-testid="purchase-not-allowed" />}
      <ServerTable<PurchaseRow>
        id="store-purchases"
        headerTitle={t('menu.storePurchases')}
        actionRef={ref}
        columns={columns}
        fetchPage={async (q) => {
          try {
            const res = (await storeApi.GET('/api/store-purchases', { params: { query: q as never } })).data as unknown as { items: PurchaseRow[]; total: number };
            setRefused(false);
            return res;
          } catch (e) {
            if (e instanceof ApiError && e.code === 'STORE_PURCHASING_NOT_ALLOWED') {
              setRefused(true);
              return { items: [], total: 0 };
            }
            throw e;
          }
        }}
        toolBar={
          can('store-purchase.write') && !refused
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="purchase-new">
                  {t('purchase.new')}
                </Button>,
              ]
            : []
        }
      />
      <NewPurchase open={creating} onClose={() => setCreating(false)} onSaved={() => void ref.current?.reload()} suppliers={suppliers.data ?? []} />
    </PageContainer>
  );
}
