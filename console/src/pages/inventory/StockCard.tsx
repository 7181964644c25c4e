import { DownloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Form, Select, Space, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, download, ok } from '../../lib/api';
import { errorText, money } from '../../lib/documents';
import { ProductSelect } from '../../lib/ProductLines';
import { refOptions, today, useProduct, useWarehouses } from '../../lib/refs';

interface CardEntry {
  ledgerId: string;
  seq: string;
  businessDate: string;
  postedAt: string;
  docType: string;
  docId: string;
  docNo: string;
  docLine: number;
  reason: string | null;
  batchNo: string | null;
  delta: string;
  unitCost: string;
  amount: string;
  balance: string;
}
interface StockCardAnswer {
  opening: { qty: string; value: string };
  totalIn: string;
  totalOut: string;
  closing: { qty: string; value: string };
  entries: CardEntry[];
}

/** 库存明细账: one product's ledger in one warehouse between two business days, with balances. */
export default function StockCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const warehouses = useWarehouses();
  const warehouseId = params.get('warehouseId') ?? undefined;
  const productId = params.get('productId') ?? undefined;
  const from = params.get('from') ?? dayjs().subtract(30, 'day').format('YYYY-MM-DD');
  const to = params.get('to') ?? today();
  const product = useProduct(productId);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const query = { warehouseId: warehouseId!, productId: productId!, from, to };
  const card = useQuery({
    queryKey: ['stock-card', query],
    enabled: !!warehouseId && !!productId,
    retry: false,
    queryFn: async () => ok<StockCardAnswer>(await api.GET('/api/inventory/stock-card', { params: { query } })),
  });

  return (
    <PageContainer title={t('menu.stockCard')}>
      <Card>
        <Form layout="inline">
          <Form.Item label={t('inventory.warehouse')}>
            <Select
              style={{ width: 220 }}
              showSearch
              optionFilterProp="label"
              value={warehouseId}
              options={refOptions(warehouses)}
              onChange={(v: string) => set({ warehouseId: v })}
              data-testid="card-warehouse"
            />
          </Form.Item>
          <Form.Item label={t('inventory.product')}>
            <div style={{ width: 280 }}>
              <ProductSelect
                value={productId}
                initialLabel={product ? `${product.code} ${product.name}` : undefined}
                onChange={(v) => set({ productId: v })}
                testId="card-product"
              />
            </div>
          </Form.Item>
          <Form.Item label={t('inventory.from')}>
            <DatePicker.RangePicker
              value={[dayjs(from), dayjs(to)]}
              allowClear={false}
              onChange={(v) => v && set({ from: (v[0] as Dayjs).format('YYYY-MM-DD'), to: (v[1] as Dayjs).format('YYYY-MM-DD') })}
            />
          </Form.Item>
          <Button
            icon={<DownloadOutlined />}
            disabled={!card.data}
            onClick={() => download('/api/inventory/stock-card/export', query, 'stock-card.xlsx').catch((e) => void message.error(errorText(e)))}
          >
            {t('common.export')}
          </Button>
        </Form>
      </Card>
      {!warehouseId || !productId ? (
        <Empty style={{ marginTop: 48 }} description={t('inventory.pickFirst')} />
      ) : card.isError ? (
        <Empty style={{ marginTop: 48 }} description={errorText(card.error)} />
      ) : (
        card.data && (
          <Card style={{ marginTop: 16 }} title={product ? `${product.code} ${product.name}` : undefined}>
            <Space size={48} wrap>
              <Statistic title={t('inventory.opening')} value={card.data.opening.qty} suffix={`/ ${money(card.data.opening.value)}`} />
              <Statistic title={t('inventory.totalIn')} value={card.data.totalIn} valueStyle={{ color: '#3f8600' }} />
              <Statistic title={t('inventory.totalOut')} value={card.data.totalOut} valueStyle={{ color: '#cf1322' }} />
              <Statistic title={t('inventory.closing')} value={card.data.closing.qty} suffix={`/ ${money(card.data.closing.value)}`} />
            </Space>
            <Table<CardEntry>
              style={{ marginTop: 16 }}
              size="small"
              rowKey="ledgerId"
              dataSource={card.data.entries}
              pagination={{ defaultPageSize: 50, showSizeChanger: true }}
              scroll={{ x: 'max-content' }}
              data-testid="stock-card"
              columns={[
                { title: t('inventory.businessDate'), dataIndex: 'businessDate' },
                { title: t('inventory.docType'), dataIndex: 'docType', render: (v: string) => t(`docType.${v}`, { defaultValue: v }) },
                { title: t('inventory.docNo'), dataIndex: 'docNo' },
                { title: t('inventory.reason'), dataIndex: 'reason' },
                { title: t('inventory.batchNo'), dataIndex: 'batchNo' },
                {
                  title: t('inventory.delta'),
                  dataIndex: 'delta',
                  align: 'right',
                  render: (v: string) => <span style={{ color: v.startsWith('-') ? '#cf1322' : '#3f8600' }}>{v}</span>,
                },
                { title: t('inventory.unitCost'), dataIndex: 'unitCost', align: 'right' },
                { title: t('inventory.amount'), dataIndex: 'amount', align: 'right', render: money },
                { title: t('inventory.balance'), dataIndex: 'balance', align: 'right' },
                { title: t('inventory.postedAt'), dataIndex: 'postedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
              ]}
            />
          </Card>
        )
      )}
    </PageContainer>
  );
}
