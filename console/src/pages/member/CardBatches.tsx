import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDependency, ProFormDigit, ProFormSelect, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Alert, App, Button } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { labelsOf, useStores } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { useCardTypes } from './types';

interface Batch extends Record<string, unknown> {
  id: string;
  batchNo: string;
  cardTypeId: string;
  scope: 'chain' | 'store';
  prefix: string;
  startNo: string;
  quantity: number;
  numberWidth: number;
  checkDigit: 'none' | 'luhn';
  ownerStoreId: string | null;
  note: string | null;
  createdAt: string;
}

/** The card number a batch starts or ends with (prefix + zero-padded number; a check digit follows when luhn). */
const cardNo = (b: Batch, n: bigint) => `${b.prefix}${n.toString().padStart(b.numberWidth, '0')}${b.checkDigit === 'luhn' ? '·' : ''}`;

/** 会员管理 → 卡劵管理 → 制卡: blank cards by batch (初始卡号, 数量, 归属门店); ranges never overlap. */
export default function CardBatches() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const stores = useStores('/api/member-cards/stores');
  const types = useCardTypes();
  const actionRef = useRef<ActionType>();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const writable = can('member.card-batch.write') && me?.orgUnit.kind === 'hq';
  const scopes = { chain: { text: t('card.scopeChain') }, store: { text: t('card.scopeStore') } };
  const columns: ProColumns<Batch>[] = [
    { title: t('batch.batchNo'), dataIndex: 'batchNo', search: false, copyable: true },
    { title: t('card.type'), dataIndex: 'cardTypeId', valueType: 'select', valueEnum: labelsOf(types) },
    { title: t('card.scope'), dataIndex: 'scope', search: false, valueEnum: scopes },
    {
      title: t('batch.range'),
      dataIndex: 'startNo',
      search: false,
      render: (_, b) => `${cardNo(b, BigInt(b.startNo))} – ${cardNo(b, BigInt(b.startNo) + BigInt(b.quantity) - 1n)}`,
    },
    { title: t('batch.quantity'), dataIndex: 'quantity', search: false, align: 'right' },
    { title: t('batch.checkDigit'), dataIndex: 'checkDigit', search: false },
    {
      title: t('batch.ownerStore'),
      dataIndex: 'storeId',
      valueType: 'select',
      valueEnum: labelsOf(stores),
      render: (_, b) => stores.find((s) => s.value === b.ownerStoreId)?.label ?? t('batch.atHq'),
    },
    { title: t('batch.note'), dataIndex: 'note', search: false },
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', search: false },
  ];
  return (
    <PageContainer title={t('menu.cardBatches')}>
      <ServerTable<Batch>
        id="card-batches"
        headerTitle={t('menu.cardBatches')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<Batch>>(await api.GET('/api/member-card-batches', { params: { query: q } }))}
        toolBar={
          writable
            ? [
                <Button key="c" type="primary" icon={<PlusOutlined />} onClick={() => (setFailure(null), setOpen(true))}>
                  {t('batch.make')}
                </Button>,
              ]
            : []
        }
      />
      <ModalForm<HqSchemas['CreateCardBatchDto']>
        title={t('batch.make')}
        open={open}
        onOpenChange={setOpen}
        grid
        rowProps={{ gutter: 16 }}
        width={720}
        initialValues={{ scope: 'chain', numberWidth: 10, checkDigit: 'none', startNo: 1, quantity: 100 }}
        modalProps={{ destroyOnClose: true, maskClosable: false }}
        onFinish={async (v) => {
          setFailure(null);
          try {
            await api.POST('/api/member-card-batches', { body: { ...v, prefix: v.prefix || undefined, ownerStoreId: v.ownerStoreId || undefined } });
            void message.success(t('common.saved'));
            void actionRef.current?.reload();
            return true;
          } catch (e) {
            if (e instanceof ApiError) setFailure(e);
            return false;
          }
        }}
      >
        {failure && <Alert type="error" showIcon style={{ marginBottom: 16, width: '100%' }} message={failure.code} description={failure.message} data-testid="form-error" />}
        <ProFormSelect name="cardTypeId" label={t('card.type')} colProps={{ span: 12 }} options={types} rules={[{ required: true }]} />
        <ProFormSelect name="scope" label={t('card.scope')} colProps={{ span: 12 }} valueEnum={scopes} allowClear={false} />
        <ProFormText name="prefix" label={t('batch.prefix')} colProps={{ span: 6 }} placeholder="VIP" />
        <ProFormDigit name="startNo" label={t('batch.startNo')} colProps={{ span: 6 }} fieldProps={{ precision: 0 }} rules={[{ required: true }]} />
        <ProFormDigit name="quantity" label={t('batch.quantity')} colProps={{ span: 6 }} fieldProps={{ precision: 0 }} rules={[{ required: true }]} />
        <ProFormDigit name="numberWidth" label={t('batch.numberWidth')} colProps={{ span: 6 }} fieldProps={{ precision: 0 }} />
        <ProFormSelect
          name="checkDigit"
          label={t('batch.checkDigit')}
          colProps={{ span: 8 }}
          options={[
            { value: 'none', label: t('batch.noCheck') },
            { value: 'luhn', label: 'Luhn' },
          ]}
          allowClear={false}
        />
        <ProFormDependency name={['scope']}>
          {({ scope }) => (
            <ProFormSelect
              name="ownerStoreId"
              label={t('batch.ownerStore')}
              colProps={{ span: 8 }}
              options={stores}
              rules={scope === 'store' ? [{ required: true }] : []}
              placeholder={t('batch.atHq')}
            />
          )}
        </ProFormDependency>
        <ProFormText name="note" label={t('batch.note')} colProps={{ span: 8 }} />
      </ModalForm>
    </PageContainer>
  );
}
