import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Alert, App, Button, Input, InputNumber, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { ServerTable } from '../../lib/ServerTable';
import { storeApi } from '../../lib/storeApi';

interface ShipmentRow extends Record<string, unknown> {
  id: string;
  number: string;
  status: string;
  shipDate: string | null;
  postedAt: string | null;
  inTransit: boolean;
  localReceipt: { id: string; number: string } | null;
}
interface ShipmentLine {
  id: string;
  lineNo: number;
  productId: string;
  quantity: string;
}
interface ReceiptRow extends Record<string, unknown> {
  id: string;
  number: string;
  status: string;
  shipmentId: string;
  createdAt: string;
  postedAt: string | null;
  note: string | null;
}
/** One line as the receiver fills it: received = shipped − short − damaged + over. */
interface Line {
  shipmentLineId: string;
  code: string;
  name: string;
  shipped: number;
  received: number;
  short: number;
  damaged: number;
  over: number;
  note: string;
}

const errText = (e: unknown) => (e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const balanced = (l: Line) => round3(l.shipped - l.short - l.damaged + l.over) === round3(l.received);

/** 收货: each shipped line's actual quantity, and every difference with its reason. */
function Receive({ shipment, onClose, onDone }: { shipment: ShipmentRow | null; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [lines, setLines] = useState<Line[]>([]);
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = async (s: ShipmentRow) => {
    const view = (await storeApi.GET('/api/transfer-shipments/{id}', { params: { path: { id: s.id } } })).data as unknown as { lines: ShipmentLine[] };
    const products = await Promise.all(
      view.lines.map((l) =>
        api.GET('/api/catalog/products/{id}', { params: { path: { id: l.productId } } }).then(
          (r) => r.data as unknown as { code: string; name: string },
          () => ({ code: l.productId.slice(0, 8), name: '' }),
        ),
      ),
    );
    setLines(
      view.lines.map((l, i) => ({
        shipmentLineId: l.id,
        code: products[i].code,
        name: products[i].name,
        shipped: Number(l.quantity),
        received: Number(l.quantity),
        short: 0,
        damaged: 0,
        over: 0,
        note: '',
      })),
    );
  };
  const change = (i: number, patch: Partial<Line>) =>
    setLines((ls) =>
      ls.map((l, j) => {
        if (j !== i) return l;
        const next = { ...l, ...patch };
        // typing the received quantity explains the difference as short (or over) until the user says otherwise
        if ('received' in patch) {
          const diff = round3(next.shipped - next.damaged - next.received);
          next.short = diff > 0 ? diff : 0;
          next.over = diff < 0 ? -diff : 0;
        }
        return next;
      }),
    );
  const post = async () => {
    if (!shipment) return;
    const bad = lines.find((l) => !balanced(l));
    if (bad) return setFailure(t('receipt.unbalanced', { code: bad.code }));
    setSaving(true);
    setFailure(null);
    try {
      const body = {
        shipmentId: shipment.id,
        ...(note.trim() ? { note: note.trim() } : {}),
        lines: lines.map((l) => ({
          shipmentLineId: l.shipmentLineId,
          receivedQty: String(l.received),
          variances: (['short', 'damaged', 'over'] as const).filter((k) => l[k] > 0).map((k) => ({ reason: k, quantity: String(l[k]) })),
          ...(l.note.trim() ? { note: l.note.trim() } : {}),
        })),
      };
      const draft = (await storeApi.POST('/api/transfer-receipts', { body })).data as unknown as { id: string; number: string };
      await storeApi.POST('/api/transfer-receipts/{id}/post', { params: { path: { id: draft.id } } });
      void message.success(t('receipt.posted', { number: draft.number }));
      onDone();
      onClose();
    } catch (e) {
      setFailure(errText(e));
    } finally {
      setSaving(false);
    }
  };
  const qty = (i: number, k: 'received' | 'short' | 'damaged' | 'over', l: Line) => (
    <InputNumber min={0} precision={3} value={l[k]} onChange={(v) => change(i, { [k]: v ?? 0 })} style={{ width: 90 }} data-testid={`${k}-${l.code}`} />
  );
  return (
    <Modal
      title={shipment ? t('receipt.title', { number: shipment.number }) : ''}
      open={!!shipment}
      onCancel={onClose}
      width={1100}
      maskClosable={false}
      destroyOnClose
      afterOpenChange={(o) => {
        if (o && shipment) void load(shipment).catch((e) => setFailure(errText(e)));
        else {
          setLines([]);
          setFailure(null);
          setNote('');
        }
      }}
      footer={[
        <Button key="c" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="p" type="primary" loading={saving} onClick={() => void post()} data-testid="receipt-post">
          {t('receipt.post')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('receipt.hint')}</Typography.Paragraph>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} data-testid="receipt-error" />}
      <Table<Line>
        rowKey="shipmentLineId"
        size="small"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: t('product.code'), dataIndex: 'code' },
          { title: t('product.name'), dataIndex: 'name' },
          { title: t('receipt.shipped'), dataIndex: 'shipped', align: 'right' },
          { title: t('receipt.received'), key: 'received', render: (_, l, i) => qty(i, 'received', l) },
          { title: t('receipt.short'), key: 'short', render: (_, l, i) => qty(i, 'short', l) },
          { title: t('receipt.damaged'), key: 'damaged', render: (_, l, i) => qty(i, 'damaged', l) },
          { title: t('receipt.over'), key: 'over', render: (_, l, i) => qty(i, 'over', l) },
          {
            title: t('receipt.lineNote'),
            key: 'note',
            render: (_, l, i) => <Input value={l.note} maxLength={200} onChange={(e) => change(i, { note: e.target.value })} style={{ width: 140 }} />,
          },
          { title: '', key: 'ok', render: (_, l) => (balanced(l) ? <Tag color="green">✓</Tag> : <Tag color="red">{t('receipt.unbalancedShort')}</Tag>) },
        ]}
      />
      <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('receipt.note')} maxLength={500} rows={2} style={{ marginTop: 12 }} />
    </Modal>
  );
}

/** 调拨入库: shipments from HQ on the way to this store, received with the actual quantities; the receipts. */
export default function TransferReceipts() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const shipRef = useRef<ActionType>();
  const recRef = useRef<ActionType>();
  const [receiving, setReceiving] = useState<ShipmentRow | null>(null);
  const shipments: ProColumns<ShipmentRow>[] = [
    { title: t('receipt.shipmentNumber'), dataIndex: 'number', sorter: true, search: false },
    { title: t('receipt.shipDate'), dataIndex: 'shipDate', sorter: true, search: false },
    { title: t('receipt.postedAt'), dataIndex: 'postedAt', valueType: 'dateTime', sorter: true, search: false },
    {
      title: t('request.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: { posted: { text: t('receipt.onTheWay') }, received: { text: t('receipt.receivedStatus') } },
      render: (_, r) =>
        r.inTransit ? (
          <Tag color="orange">{t('receipt.onTheWay')}</Tag>
        ) : (
          <Tag color="green">{r.localReceipt ? `${t('receipt.receivedStatus')} ${r.localReceipt.number}` : t('receipt.receivedStatus')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'a',
      search: false,
      render: (_, r) =>
        r.inTransit && can('replenishment.receive') ? (
          <Button size="small" type="primary" onClick={() => setReceiving(r)} data-testid={`receive-${r.number}`}>
            {t('receipt.receive')}
          </Button>
        ) : null,
    },
  ];
  const receipts: ProColumns<ReceiptRow>[] = [
    { title: t('receipt.number'), dataIndex: 'number', sorter: true, search: false },
    { title: t('request.status'), dataIndex: 'status', search: false, render: (_, r) => <Tag>{t(`receipt.statuses.${r.status}`)}</Tag> },
    { title: t('receipt.note'), dataIndex: 'note', search: false, ellipsis: true },
    { title: t('receipt.postedAt'), dataIndex: 'postedAt', valueType: 'dateTime', search: false },
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', sorter: true, search: false },
  ];
  return (
    <PageContainer title={false}>
      <Tabs
        items={[
          {
            key: 'shipments',
            label: t('receipt.shipments'),
            children: (
              <ServerTable<ShipmentRow>
                id="store-shipments"
                headerTitle={t('receipt.shipments')}
                actionRef={shipRef}
                columns={shipments}
                fetchPage={async (q) =>
                  (await storeApi.GET('/api/transfer-shipments', { params: { query: q as never } })).data as unknown as { items: ShipmentRow[]; total: number }
                }
              />
            ),
          },
          {
            key: 'receipts',
            label: t('receipt.receipts'),
            children: (
              <ServerTable<ReceiptRow>
                id="store-transfer-receipts"
                headerTitle={t('receipt.receipts')}
                actionRef={recRef}
                columns={receipts}
                fetchPage={async (q) => (await storeApi.GET('/api/transfer-receipts', { params: { query: q as never } })).data as unknown as { items: ReceiptRow[]; total: number }}
              />
            ),
          },
        ]}
      />
      <Space />
      <Receive
        shipment={receiving}
        onClose={() => setReceiving(null)}
        onDone={() => {
          void shipRef.current?.reload();
          void recRef.current?.reload();
        }}
      />
    </PageContainer>
  );
}
