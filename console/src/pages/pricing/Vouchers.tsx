import { PlusOutlined } from '@ant-design/icons';
import {
  ProCard,
  ProFormDateTimePicker,
  ProFormDependency,
  ProFormDigit,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
  type ActionType,
  type ProColumns,
} from '@ant-design/pro-components';
import type { HqSchemas } from '@chain-erp/api-client';
import { Alert, App, Button, Descriptions, Drawer, Input, Table, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { EntityForm } from '../../lib/EntityForm';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { isoTime, shortTime, useStores } from './pricing-lookups';

type Batch = HqSchemas['VoucherBatchDto'] & Record<string, unknown> & { rowVersion: number };
type Voucher = HqSchemas['VoucherDto'];
type Detail = HqSchemas['VoucherDetailDto'];
type Values = Record<string, unknown> & {
  kind?: 'voucher' | 'gift_card';
  name?: string;
  faceValue?: string;
  minSpend?: string;
  percent?: string;
  soldAtTill?: boolean;
  offlineRedeemable?: boolean;
  quantity?: number;
  validFrom?: string;
  validTo?: string;
  storeIds?: string[];
  note?: string;
};

/** 价格促销 → 代金券/礼品卡: batches (issued, redeemed, outstanding), issuing a batch, a batch's numbers, look-up by number with its ledger. */
export default function Vouchers() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const stores = useStores();
  const action = useRef<ActionType>();
  const [open, setOpen] = useState(false);
  const [numbersOf, setNumbersOf] = useState<Batch | null>(null);
  const [numbers, setNumbers] = useState<Voucher[]>([]);
  const [found, setFound] = useState<Detail | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const kindEnum = { voucher: { text: t('voucher.kinds.voucher') }, gift_card: { text: t('voucher.kinds.gift_card') } };
  const stateTag = (s: string) => <Tag color={s === 'active' ? 'green' : s === 'unsold' ? 'blue' : 'default'}>{t(`voucher.state.${s}`)}</Tag>;
  const money = { align: 'right' as const, search: false as const };

  const lookup = async (number: string) => {
    setFailure(null);
    setFound(null);
    try {
      setFound(ok<Detail>(await api.GET('/api/vouchers/by-number/{number}', { params: { path: { number: number.trim() } } })));
    } catch (e) {
      if (e instanceof ApiError) setFailure(e);
    }
  };
  const showNumbers = async (b: Batch) => {
    setNumbersOf(b);
    setNumbers(ok<{ items: Voucher[] }>(await api.GET('/api/vouchers', { params: { query: { batchId: b.id, pageSize: 500 } } })).items);
  };

  /** 作废: a whole batch (no number) or one number, with a reason; the server refuses what was redeemed or sold */
  const voidOf = (b: Pick<Batch, 'id' | 'batchNo'>, number?: string) => {
    let reason = '';
    modal.confirm({
      title: number ? `${t('voucher.voidNumber')} ${number}` : `${t('voucher.voidBatch')} ${b.batchNo}`,
      content: <Input data-testid="void-reason" placeholder={t('voucher.voidReason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: async () => {
        try {
          const r = ok<HqSchemas['VoucherVoidDto']>(await api.POST('/api/vouchers/voids', { body: { id: crypto.randomUUID(), batchId: b.id, number, reason: reason.trim() } }));
          void message.success(`${r.voidNo}: ${r.count} · ${r.amount}`);
          void action.current?.reload();
          if (numbersOf) await showNumbers(numbersOf);
        } catch (e) {
          if (e instanceof ApiError) void message.error(e.message);
          throw e;
        }
      },
    });
  };

  const columns: ProColumns<Batch>[] = [
    { title: t('voucher.batchNo'), dataIndex: 'batchNo', sorter: true, search: false, fixed: 'left', render: (_, r) => <a onClick={() => void showNumbers(r)}>{r.batchNo}</a> },
    { title: t('voucher.kind'), dataIndex: 'kind', valueType: 'select', valueEnum: kindEnum },
    { title: t('voucher.name'), dataIndex: 'name', search: false },
    { title: t('voucher.faceValue'), dataIndex: 'faceValue', sorter: true, ...money },
    { title: t('voucher.minSpend'), dataIndex: 'minSpend', ...money },
    { title: t('voucher.quantity'), dataIndex: 'quantity', ...money },
    { title: t('voucher.issued'), dataIndex: 'issued', ...money },
    { title: t('voucher.redeemed'), dataIndex: 'redeemed', ...money },
    { title: t('voucher.voided'), dataIndex: 'voided', ...money },
    { title: t('voucher.outstanding'), dataIndex: 'outstanding', ...money },
    { title: t('voucher.usedCount'), dataIndex: 'usedCount', ...money },
    {
      title: t('voucher.offlineRedeemable'),
      dataIndex: 'offlineRedeemable',
      search: false,
      render: (_, r) => (r.offlineRedeemable ? <Tag color="purple">{t('voucher.offlineRedeemable')}</Tag> : null),
    },
    { title: t('voucher.validFrom'), dataIndex: 'validFrom', search: false, renderText: shortTime },
    { title: t('voucher.validTo'), dataIndex: 'validTo', sorter: true, search: false, renderText: shortTime },
    {
      title: t('pricing.stores'),
      dataIndex: 'storeIds',
      search: false,
      render: (_, r) =>
        r.storeIds?.length ? r.storeIds.map((id) => <Tag key={id}>{stores.find((s) => s.value === id)?.label ?? id}</Tag>) : <Tag color="blue">{t('pricing.allStores')}</Tag>,
    },
    { title: t('pricing.createdBy'), dataIndex: 'createdBy', search: false },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      render: (_, r) => [
        <a key="numbers" onClick={() => void showNumbers(r)}>
          {t('voucher.numbers')}
        </a>,
        can('voucher.issue') && (
          <a key="void" data-testid={`void-batch-${r.batchNo}`} onClick={() => voidOf(r)}>
            {t('voucher.void')}
          </a>
        ),
      ],
    },
  ];

  return (
    <>
      <ProCard title={t('voucher.lookup')} style={{ marginBottom: 16 }}>
        <div data-testid="voucher-lookup" style={{ maxWidth: 420 }}>
          <Input.Search placeholder={t('voucher.number')} enterButton={t('voucher.lookup')} onSearch={(v) => void lookup(v)} />
        </div>
        {failure && <Alert style={{ marginTop: 12 }} type="error" showIcon message={failure.code} description={failure.message} />}
        {found && (
          <div data-testid="voucher-detail" style={{ marginTop: 12 }}>
            <Descriptions bordered size="small" column={4}>
              <Descriptions.Item label={t('voucher.number')}>{found.number}</Descriptions.Item>
              <Descriptions.Item label={t('voucher.kind')}>{t(`voucher.kinds.${found.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('voucher.batchNo')}>{found.batchNo}</Descriptions.Item>
              <Descriptions.Item label={t('common.status')}>{stateTag(found.state)}</Descriptions.Item>
              <Descriptions.Item label={t('voucher.faceValue')}>{found.faceValue}</Descriptions.Item>
              <Descriptions.Item label={t('voucher.balance')}>{found.balance}</Descriptions.Item>
              <Descriptions.Item label={t('voucher.minSpend')}>{found.minSpend}</Descriptions.Item>
              <Descriptions.Item label={t('voucher.validTo')}>{shortTime(found.validTo)}</Descriptions.Item>
            </Descriptions>
            <Table
              style={{ marginTop: 12 }}
              rowKey="id"
              size="small"
              pagination={false}
              title={() => t('voucher.ledger')}
              dataSource={found.ledger}
              columns={[
                { title: t('voucher.at'), dataIndex: 'at', render: shortTime },
                { title: t('voucher.kind'), dataIndex: 'kind', render: (k: string) => t(`voucher.ledgerKind.${k}`) },
                { title: t('voucher.doc'), dataIndex: 'docNo', render: (v: string | null, r) => v ?? r.refId },
                { title: t('voucher.store'), dataIndex: 'storeCode', render: (v: string | null) => v ?? t('app.hq') },
                { title: t('voucher.amount'), dataIndex: 'amount', align: 'right' },
                { title: t('voucher.delta'), dataIndex: 'delta', align: 'right' },
                { title: t('voucher.balanceAfter'), dataIndex: 'balanceAfter', align: 'right' },
              ]}
            />
          </div>
        )}
      </ProCard>
      <ServerTable<Batch>
        id="voucher-batches"
        headerTitle={t('voucher.batches')}
        columns={columns}
        actionRef={action}
        fetchPage={async (q: ListQuery) => ok(await api.GET('/api/vouchers/batches', { params: { query: q } })) as Page<Batch>}
        toolBar={
          can('voucher.issue')
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
                  {t('voucher.newBatch')}
                </Button>,
              ]
            : []
        }
      />
      <Drawer
        open={!!numbersOf}
        width={640}
        title={`${numbersOf?.batchNo ?? ''} ${t('voucher.numbers')}${numbersOf?.offlineRedeemable ? ` · ${t('voucher.offlineRedeemable')}` : ''}`}
        onClose={() => setNumbersOf(null)}
      >
        <Table
          rowKey="id"
          size="small"
          dataSource={numbers}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: t('voucher.number'), dataIndex: 'number', render: (n: string) => <a onClick={() => void lookup(n).then(() => setNumbersOf(null))}>{n}</a> },
            { title: t('voucher.balance'), dataIndex: 'balance', align: 'right' },
            { title: t('common.status'), dataIndex: 'state', render: stateTag },
            {
              title: t('common.actions'),
              render: (_: unknown, v: Voucher) =>
                can('voucher.issue') && numbersOf && (v.state === 'active' || v.state === 'unsold') ? <a onClick={() => voidOf(numbersOf, v.number)}>{t('voucher.void')}</a> : null,
            },
          ]}
        />
      </Drawer>
      <EntityForm<Batch, Values>
        title={t('voucher.newBatch')}
        open={open}
        onOpenChange={setOpen}
        defaults={{ kind: 'voucher', quantity: 100 }}
        toValues={() => ({})}
        fetchRecord={async (id) => ok(await api.GET('/api/vouchers/batches/{id}', { params: { path: { id } } })) as Batch}
        submit={async (v) =>
          ok(
            await api.POST('/api/vouchers/batches', {
              body: {
                id: crypto.randomUUID(),
                kind: v.kind!,
                name: v.name!,
                faceValue: v.faceValue!,
                minSpend: v.kind === 'voucher' ? v.minSpend : undefined,
                percent: v.kind === 'voucher' && v.percent ? String(v.percent) : undefined,
                soldAtTill: v.kind === 'gift_card' ? !!v.soldAtTill : undefined,
                offlineRedeemable: v.kind === 'voucher' ? !!v.offlineRedeemable : undefined,
                quantity: v.quantity!,
                validFrom: isoTime(v.validFrom)!,
                validTo: isoTime(v.validTo)!,
                storeIds: v.storeIds?.length ? v.storeIds : undefined,
                note: v.note,
              },
            }),
          )
        }
        onSaved={() => {
          setOpen(false);
          void action.current?.reload();
        }}
      >
        <ProFormSelect name="kind" label={t('voucher.kind')} colProps={{ span: 8 }} valueEnum={kindEnum} allowClear={false} rules={[{ required: true }]} />
        <ProFormText name="name" label={t('voucher.name')} colProps={{ span: 16 }} rules={[{ required: true }]} />
        <ProFormText name="faceValue" label={t('voucher.faceValue')} colProps={{ span: 8 }} rules={[{ required: true }]} />
        <ProFormDependency name={['kind']}>
          {({ kind }) =>
            kind === 'gift_card' ? (
              <>
                <ProFormSwitch name="soldAtTill" label={t('voucher.soldAtTill')} tooltip={t('voucher.soldAtTillHelp')} colProps={{ span: 8 }} />
                {/* shown off and disabled: the server refuses it for gift cards (VOUCHER_BATCH_INVALID) */}
                <ProFormSwitch
                  name="offlineRedeemableGiftCard"
                  label={t('voucher.offlineRedeemable')}
                  tooltip={t('voucher.offlineRedeemableGiftCard')}
                  colProps={{ span: 8 }}
                  fieldProps={{ checked: false, disabled: true }}
                />
              </>
            ) : (
              <>
                <ProFormText name="minSpend" label={t('voucher.minSpend')} colProps={{ span: 8 }} />
                <ProFormText name="percent" label={t('voucher.percent')} tooltip={t('voucher.percentHelp')} colProps={{ span: 8 }} />
                <ProFormSwitch name="offlineRedeemable" label={t('voucher.offlineRedeemable')} tooltip={t('voucher.offlineRedeemableHelp')} colProps={{ span: 8 }} />
              </>
            )
          }
        </ProFormDependency>
        <ProFormDigit name="quantity" label={t('voucher.quantity')} colProps={{ span: 8 }} fieldProps={{ precision: 0 }} min={1} max={10000} rules={[{ required: true }]} />
        <ProFormDateTimePicker name="validFrom" label={t('voucher.validFrom')} colProps={{ span: 12 }} rules={[{ required: true }]} fieldProps={{ style: { width: '100%' } }} />
        <ProFormDateTimePicker name="validTo" label={t('voucher.validTo')} colProps={{ span: 12 }} rules={[{ required: true }]} fieldProps={{ style: { width: '100%' } }} />
        <ProFormSelect name="storeIds" label={t('pricing.stores')} colProps={{ span: 24 }} mode="multiple" options={stores} placeholder={t('pricing.allStores')} />
        <ProFormTextArea name="note" label={t('promotion.note')} colProps={{ span: 24 }} fieldProps={{ rows: 2 }} />
      </EntityForm>
    </>
  );
}
