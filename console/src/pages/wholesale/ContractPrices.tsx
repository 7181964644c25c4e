import { ModalForm, PageContainer, ProFormDatePicker, ProFormSelect, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Form, Popconfirm } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { errorText, money } from '../../lib/documents';
import { fieldErrors } from '../../lib/EntityForm';
import { ProductSelect } from '../../lib/ProductLines';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { customerColumn, searchCustomers } from './shared';

interface PriceRow extends Record<string, unknown> {
  id: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  productId: string;
  productCode: string;
  productName: string;
  price: string;
  validFrom: string;
  validTo: string | null;
}
type PriceValues = HqSchemas['CustomerPriceDto'];

/** 批发管理 → 客户协议价: a customer's agreed price of a product for a period (first in line when an order is priced). */
export default function ContractPrices() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<PriceValues>();
  const [failure, setFailure] = useState<string | null>(null);
  const writable = can('wholesale.price.write') && me?.orgUnit.kind === 'hq';

  const columns: ProColumns<PriceRow>[] = [
    customerColumn<PriceRow>(t, { sorter: true }),
    { title: t('wholesale.product'), dataIndex: 'productId', search: false, render: (_, r) => `${r.productCode} ${r.productName}` },
    { title: t('wholesale.contractPrice'), dataIndex: 'price', sorter: true, search: false, align: 'right', renderText: money },
    { title: t('wholesale.validFrom'), dataIndex: 'validFrom', sorter: true, search: false },
    { title: t('wholesale.validTo'), dataIndex: 'validTo', sorter: true, search: false },
    { title: t('wholesale.activeOn'), dataIndex: 'activeOn', valueType: 'date', hideInTable: true },
    ...(writable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            search: false,
            render: (_: unknown, r: PriceRow) => (
              <Popconfirm
                title={t('wholesale.confirmRemove')}
                onConfirm={() =>
                  api.DELETE('/api/wholesale/contract-prices/{id}', { params: { path: { id: r.id } } }).then(
                    () => void actionRef.current?.reload(),
                    (e) => void message.error(errorText(e)),
                  )
                }
              >
                <a>{t('wholesale.remove')}</a>
              </Popconfirm>
            ),
          } as ProColumns<PriceRow>,
        ]
      : []),
  ];

  return (
    <PageContainer title={t('menu.contractPrices')}>
      <ServerTable<PriceRow>
        id="contract-prices"
        headerTitle={t('menu.contractPrices')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<PriceRow>>(await api.GET('/api/wholesale/contract-prices', { params: { query: q as never } }))}
        exportFile={{ path: '/api/wholesale/contract-prices?format=xlsx', fileName: '客户协议价.xlsx' }}
        toolBar={
          writable
            ? [
                <Button key="set" type="primary" onClick={() => (setFailure(null), form.resetFields(), setEditing(true))} data-testid="price-set">
                  {t('wholesale.setPrice')}
                </Button>,
              ]
            : []
        }
      />
      <ModalForm<PriceValues>
        title={t('wholesale.setPrice')}
        form={form}
        open={editing}
        onOpenChange={setEditing}
        width={640}
        modalProps={{ destroyOnClose: true }}
        onFinish={async (v) => {
          setFailure(null);
          try {
            await api.PUT('/api/wholesale/contract-prices', { body: { ...v, validTo: v.validTo || undefined } });
            void actionRef.current?.reload();
            return true;
          } catch (e) {
            if (e instanceof ApiError) form.setFields(fieldErrors(v as never, e.fields).map((f) => ({ name: f.name as never, errors: [f.message] })));
            setFailure(errorText(e));
            return false;
          }
        }}
      >
        {failure && <div style={{ color: '#cf1322', marginBottom: 12 }}>{failure}</div>}
        <ProFormSelect
          name="customerId"
          label={t('wholesale.customer')}
          rules={[{ required: true }]}
          showSearch
          request={({ keyWords }) => searchCustomers(keyWords)}
          debounceTime={300}
        />
        <Form.Item name="productId" label={t('wholesale.product')} rules={[{ required: true }]}>
          <ProductSelect />
        </Form.Item>
        <ProFormText name="price" label={t('wholesale.contractPrice')} rules={[{ required: true }]} />
        <ProFormDatePicker name="validFrom" label={t('wholesale.validFrom')} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} />
        <ProFormDatePicker name="validTo" label={t('wholesale.validTo')} fieldProps={{ format: 'YYYY-MM-DD' }} />
      </ModalForm>
    </PageContainer>
  );
}
