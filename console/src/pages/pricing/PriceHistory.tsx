import { ProCard, ProForm, ProFormDateTimePicker, ProFormSelect } from '@ant-design/pro-components';
import { Alert, Descriptions, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { isoTime, searchProducts, shortTime, useStores } from './pricing-lookups';

interface History {
  product: { code: string; name: string; retailPrice: string; memberPrice: string | null; wholesalePrice: string | null };
  current: Record<string, unknown> | null;
  items: Array<Record<string, unknown> & { number: string; state: 'scheduled' | 'started' | 'ended' }>;
}

const source = (s: unknown) => (typeof s === 'object' && s ? String((s as { priceChange: string }).priceChange) : String(s ?? '-'));

/** 价格促销 → 价格历史: a product's price changes at a store and the prices in force at a moment. */
export default function PriceHistory() {
  const { t } = useTranslation();
  const stores = useStores();
  const [data, setData] = useState<History | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);

  return (
    <ProCard title={t('menu.priceHistory')} direction="column" gutter={[0, 16]}>
      <ProForm<{ productId: string; storeId?: string; at?: string }>
        layout="inline"
        submitter={{ searchConfig: { submitText: t('pricing.history') }, resetButtonProps: false }}
        onFinish={async (v) => {
          setFailure(null);
          try {
            setData(
              ok<History>(await api.GET('/api/pricing/price-history', { params: { query: { productId: v.productId, storeId: v.storeId || undefined, at: isoTime(v.at) } } })),
            );
          } catch (e) {
            setData(null);
            if (e instanceof ApiError) setFailure(e);
          }
          return true;
        }}
      >
        <ProFormSelect
          name="productId"
          label={t('pricing.product')}
          width="md"
          showSearch
          request={({ keyWords }) => searchProducts(keyWords)}
          debounceTime={300}
          rules={[{ required: true, message: t('pricing.pickProduct') }]}
        />
        <ProFormSelect name="storeId" label={t('pricing.store')} width="sm" options={stores} />
        <ProFormDateTimePicker name="at" label={t('pricing.at')} />
      </ProForm>
      {failure && <Alert type="error" showIcon message={failure.code} description={failure.message} />}
      {data && (
        <>
          <Descriptions bordered size="small" column={3} title={`${data.product.code} ${data.product.name}`}>
            <Descriptions.Item label={t('pricing.retailPrice')}>
              {String(data.current?.retailPrice ?? data.product.retailPrice)} <Tag>{source(data.current?.retailSource ?? 'product')}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('pricing.memberPrice')}>
              {String(data.current?.memberPrice ?? data.product.memberPrice ?? '-')} <Tag>{source(data.current?.memberSource ?? 'product')}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('pricing.wholesalePrice')}>
              {String(data.current?.wholesalePrice ?? data.product.wholesalePrice ?? '-')} <Tag>{source(data.current?.wholesaleSource ?? 'product')}</Tag>
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey={(r) => `${r.number}-${String(r.lineNo)}-${String(r.storeId)}`}
            size="small"
            pagination={false}
            dataSource={data.items}
            columns={[
              { title: t('pricing.number'), dataIndex: 'number' },
              { title: t('pricing.store'), dataIndex: 'storeCode', render: (v: string | null) => v ?? t('pricing.allStores') },
              { title: t('pricing.retailPrice'), dataIndex: 'retailPrice', align: 'right' },
              { title: t('pricing.memberPrice'), dataIndex: 'memberPrice', align: 'right' },
              { title: t('pricing.wholesalePrice'), dataIndex: 'wholesalePrice', align: 'right' },
              { title: t('pricing.effectiveFrom'), dataIndex: 'effectiveFrom', render: shortTime },
              { title: t('pricing.effectiveTo'), dataIndex: 'effectiveTo', render: shortTime },
              {
                title: t('common.status'),
                dataIndex: 'state',
                render: (s: 'scheduled' | 'started' | 'ended') => <Tag color={s === 'started' ? 'green' : s === 'scheduled' ? 'blue' : 'default'}>{t(`pricing.state.${s}`)}</Tag>,
              },
            ]}
          />
        </>
      )}
    </ProCard>
  );
}
