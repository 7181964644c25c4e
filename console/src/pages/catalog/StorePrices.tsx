import { useQuery } from '@tanstack/react-query';
import { ProFormDatePicker, ProFormSelect, ProFormText, type ProColumns } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { CatalogScreen, type CatalogResource } from '../../lib/CatalogScreen';
import { labelsOf, searchProducts, useStores } from '../../lib/lookups';
import type { ListQuery, Page } from '../../lib/ServerTable';
import { formatMoney } from '../../lib/money';
import { useStatusEnum } from './shared';

interface StorePrice extends Record<string, unknown> {
  id: string;
  rowVersion: number;
  storeId: string;
  productId: string;
  retailPrice: string;
  memberPrice: string | null;
  validFrom: string;
  validTo: string | null;
  status: 'active' | 'disabled';
  updatedAt: string;
}
type StorePriceValues = HqSchemas['CreateStorePriceDto'] & Record<string, unknown>;

const resource: CatalogResource<StorePrice, StorePriceValues> = {
  id: 'store-prices',
  list: async (q: ListQuery) => ok<Page<StorePrice>>(await api.GET('/api/catalog/store-prices', { params: { query: q } })),
  get: async (id) => ok<StorePrice>(await api.GET('/api/catalog/store-prices/{id}', { params: { path: { id } } })),
  create: async (body) => ok(await api.POST('/api/catalog/store-prices', { body })),
  update: async (id, body) => ok(await api.PATCH('/api/catalog/store-prices/{id}', { params: { path: { id } }, body })),
  disable: async (id, expectedVersion) => ok(await api.POST('/api/catalog/store-prices/{id}/disable', { params: { path: { id } }, body: { expectedVersion } })),
  exportFile: { path: '/api/catalog/store-prices/export', fileName: 'store-prices.xlsx' },
  writePermission: 'catalog.price.write',
  importEntity: 'store-prices',
};

/** A product's code and name (the store-price list carries only its id); cached per product. */
function ProductLabel({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['product-label', id],
    staleTime: 300_000,
    queryFn: async () => ok<{ code: string; name: string }>(await api.GET('/api/catalog/products/{id}', { params: { path: { id } } })),
  });
  return <>{q.data ? `${q.data.code} ${q.data.name}` : id.slice(0, 8)}</>;
}

const money = { align: 'right' as const, search: false as const, renderText: (v: unknown) => formatMoney(v) };

/** 基本信息 → 门店价格 (product × store, with validity dates) */
export default function StorePrices() {
  const { t } = useTranslation();
  const statusEnum = useStatusEnum();
  const stores = useStores();
  // opened from a product (商品 → 门店价格): that product's prices only, until cleared
  const [params, setParams] = useSearchParams();
  const productId = params.get('productId');
  const scoped = productId ? { ...resource, list: (q: ListQuery) => resource.list({ ...q, productId }) } : resource;
  const columns: ProColumns<StorePrice>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('storePrice.searchHint') } },
    { title: t('storePrice.store'), dataIndex: 'storeId', valueType: 'select', valueEnum: labelsOf(stores), fieldProps: { showSearch: true } },
    { title: t('storePrice.product'), dataIndex: 'productId', search: false, render: (_, r) => <ProductLabel id={r.productId} /> },
    { title: t('product.retailPrice'), dataIndex: 'retailPrice', ...money },
    { title: t('product.memberPrice'), dataIndex: 'memberPrice', ...money },
    { title: t('storePrice.validFrom'), dataIndex: 'validFrom', valueType: 'date', sorter: true, search: false },
    { title: t('storePrice.validTo'), dataIndex: 'validTo', valueType: 'date', search: false, renderText: (v: string | null) => v ?? t('storePrice.openEnded') },
    { title: t('storePrice.activeOn'), dataIndex: 'activeOn', valueType: 'date', hideInTable: true },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', valueType: 'dateTime', sorter: true, search: false },
  ];
  return (
    <CatalogScreen<StorePrice, StorePriceValues>
      key={productId ?? 'all'}
      title={t('menu.storePrices')}
      subTitle={
        productId ? (
          <Tag closable onClose={() => setParams({})} color="blue">
            {t('storePrice.product')}: <ProductLabel id={productId} />
          </Tag>
        ) : undefined
      }
      resource={scoped}
      columns={columns}
      fields={
        <>
          <ProFormSelect name="storeId" label={t('storePrice.store')} colProps={{ span: 12 }} options={stores} showSearch rules={[{ required: true }]} />
          <ProFormSelect
            name="productId"
            label={t('storePrice.product')}
            colProps={{ span: 12 }}
            showSearch
            request={({ keyWords }) => searchProducts(keyWords)}
            debounceTime={300}
            rules={[{ required: true }]}
          />
          <ProFormText name="retailPrice" label={t('product.retailPrice')} colProps={{ span: 6 }} rules={[{ required: true }]} />
          <ProFormText name="memberPrice" label={t('product.memberPrice')} colProps={{ span: 6 }} />
          <ProFormDatePicker name="validFrom" label={t('storePrice.validFrom')} colProps={{ span: 6 }} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} />
          <ProFormDatePicker name="validTo" label={t('storePrice.validTo')} colProps={{ span: 6 }} fieldProps={{ format: 'YYYY-MM-DD' }} />
          <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 6 }} valueEnum={statusEnum} allowClear={false} />
        </>
      }
      createTitle={t('storePrice.createTitle')}
      editTitle={t('storePrice.editTitle')}
      label={(r) => `${r.validFrom} ${r.retailPrice}`}
      defaults={{ status: 'active', ...(productId ? { productId } : {}) }}
      toValues={(r) => ({
        storeId: r.storeId,
        productId: r.productId,
        retailPrice: r.retailPrice,
        memberPrice: r.memberPrice,
        validFrom: r.validFrom,
        validTo: r.validTo,
        status: r.status,
      })}
    />
  );
}
