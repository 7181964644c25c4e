import { ProFormDigit, ProFormSelect, ProFormSwitch, ProFormText, type ProColumns } from '@ant-design/pro-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { CatalogScreen, type CatalogResource } from '../../lib/CatalogScreen';
import { labelsOf, searchSuppliers, useLookups } from '../../lib/lookups';
import { formatMoney } from '../../lib/money';
import type { ListQuery, Page } from '../../lib/ServerTable';

/** A product as the API answers (money and quantities are exact decimal strings). */
export type Product = HqSchemas['ProductResponse'];
type ProductValues = HqSchemas['CreateProductDto'] & Record<string, unknown>;

const resource: CatalogResource<Product, ProductValues> = {
  id: 'products',
  list: async (q: ListQuery) => ok<Page<Product>>(await api.GET('/api/catalog/products', { params: { query: q } })),
  get: async (id) => ok<Product>(await api.GET('/api/catalog/products/{id}', { params: { path: { id } } })),
  create: async (body) => ok(await api.POST('/api/catalog/products', { body })),
  update: async (id, body) => ok(await api.PATCH('/api/catalog/products/{id}', { params: { path: { id } }, body })),
  disable: async (id, expectedVersion) => ok(await api.POST('/api/catalog/products/{id}/disable', { params: { path: { id } }, body: { expectedVersion } })),
  exportFile: { path: '/api/catalog/products/export', fileName: 'products.xlsx' },
  writePermission: 'catalog.product.write',
  importEntity: 'products',
};

// still exported here for screens that import it from this page (new code: lib/money — importing a
// page loads the page's code)
export { formatMoney };
const money = { align: 'right' as const, search: false as const, renderText: (v: unknown) => formatMoney(v) };

/** 基本信息 → 商品 */
export default function Products() {
  const { t } = useTranslation();
  const { units, categories, brands } = useLookups();
  const statusEnum = {
    active: { text: t('product.status.active'), status: 'Success' },
    discontinued: { text: t('product.status.discontinued'), status: 'Warning' },
    disabled: { text: t('product.status.disabled'), status: 'Default' },
  };

  const columns: ProColumns<Product>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('common.searchHint') } },
    { title: t('product.code'), dataIndex: 'code', sorter: true, copyable: true, search: false, fixed: 'left' },
    // the cell's CSS ellipsis and the browser's own hover title: `ellipsis: true` made antd's
    // Typography measure every row's name after it rendered (a forced layout of the whole table per
    // row: most of the first page's render)
    {
      title: t('product.name'),
      dataIndex: 'name',
      sorter: true,
      search: false,
      ellipsis: { showTitle: false },
      render: (_, r) => <span title={r.name}>{r.name}</span>,
    },
    { title: t('product.barcodes'), dataIndex: 'barcodes', search: false, render: (_, r) => r.barcodes.join(', ') || '-' },
    { title: t('product.barcode'), dataIndex: 'barcode', hideInTable: true },
    { title: t('product.specification'), dataIndex: 'specification', search: false },
    { title: t('product.unit'), dataIndex: 'unitId', search: false, valueType: 'select', valueEnum: labelsOf(units) },
    { title: t('product.category'), dataIndex: 'categoryId', valueType: 'select', valueEnum: labelsOf(categories), fieldProps: { showSearch: true } },
    { title: t('product.brand'), dataIndex: 'brandId', valueType: 'select', valueEnum: labelsOf(brands), fieldProps: { showSearch: true }, hideInTable: true },
    {
      title: t('product.supplier'),
      dataIndex: 'supplierId',
      hideInTable: true,
      valueType: 'select',
      request: ({ keyWords }) => searchSuppliers(keyWords),
      fieldProps: { showSearch: true },
      debounceTime: 300,
    },
    { title: t('product.purchasePrice'), dataIndex: 'purchasePrice', ...money },
    { title: t('product.retailPrice'), dataIndex: 'retailPrice', sorter: true, ...money },
    { title: t('product.memberPrice'), dataIndex: 'memberPrice', ...money },
    { title: t('product.wholesalePrice'), dataIndex: 'wholesalePrice', ...money },
    { title: t('storePrice.column'), key: 'storePrices', search: false, render: (_, r) => <Link to={`/catalog/store-prices?productId=${r.id}`}>{t('storePrice.view')}</Link> },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', valueType: 'dateTime', sorter: true, search: false },
  ];

  const fields = (
    <>
      <ProFormText name="code" label={t('product.code')} colProps={{ span: 8 }} rules={[{ required: true }]} />
      <ProFormText name="name" label={t('product.name')} colProps={{ span: 16 }} rules={[{ required: true }]} />
      <ProFormText name="shortName" label={t('product.shortName')} colProps={{ span: 8 }} />
      <ProFormText name="specification" label={t('product.specification')} colProps={{ span: 8 }} />
      <ProFormSelect name="unitId" label={t('product.unit')} colProps={{ span: 8 }} options={units} showSearch />
      <ProFormSelect
        name="barcodes"
        label={t('product.barcodes')}
        colProps={{ span: 24 }}
        mode="tags"
        fieldProps={{ tokenSeparators: [',', ';', ' '], open: false }}
        placeholder={t('product.barcodesHint')}
      />
      <ProFormSelect name="categoryId" label={t('product.category')} colProps={{ span: 8 }} options={categories} showSearch />
      <ProFormSelect name="brandId" label={t('product.brand')} colProps={{ span: 8 }} options={brands} showSearch />
      <ProFormSelect
        name="defaultSupplierId"
        label={t('product.supplier')}
        colProps={{ span: 8 }}
        showSearch
        request={({ keyWords }) => searchSuppliers(keyWords)}
        debounceTime={300}
      />
      <ProFormText name="purchasePrice" label={t('product.purchasePrice')} colProps={{ span: 6 }} />
      <ProFormText name="retailPrice" label={t('product.retailPrice')} colProps={{ span: 6 }} />
      <ProFormText name="memberPrice" label={t('product.memberPrice')} colProps={{ span: 6 }} />
      <ProFormText name="wholesalePrice" label={t('product.wholesalePrice')} colProps={{ span: 6 }} />
      <ProFormText name="taxRate" label={t('product.taxRate')} colProps={{ span: 6 }} />
      <ProFormDigit name="shelfLifeDays" label={t('product.shelfLifeDays')} colProps={{ span: 6 }} fieldProps={{ precision: 0 }} />
      <ProFormText name="minStock" label={t('product.minStock')} colProps={{ span: 6 }} />
      <ProFormText name="maxStock" label={t('product.maxStock')} colProps={{ span: 6 }} />
      <ProFormSwitch name="batchManaged" label={t('product.batchManaged')} colProps={{ span: 6 }} />
      <ProFormSwitch name="weighed" label={t('product.weighed')} colProps={{ span: 6 }} />
      <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 6 }} valueEnum={statusEnum} allowClear={false} />
    </>
  );

  return (
    <CatalogScreen<Product, ProductValues>
      title={t('menu.products')}
      resource={resource}
      columns={columns}
      fields={fields}
      createTitle={t('product.createTitle')}
      editTitle={t('product.editTitle')}
      label={(r) => `${r.code} ${r.name}`}
      defaults={{ status: 'active', batchManaged: false, weighed: false, taxRate: '0' }}
      toValues={(r) => ({
        code: r.code,
        name: r.name,
        shortName: r.shortName,
        specification: r.specification,
        unitId: r.unitId,
        categoryId: r.categoryId,
        brandId: r.brandId,
        defaultSupplierId: r.defaultSupplierId,
        barcodes: r.barcodes,
        purchasePrice: r.purchasePrice,
        retailPrice: r.retailPrice,
        memberPrice: r.memberPrice,
        wholesalePrice: r.wholesalePrice,
        taxRate: r.taxRate,
        shelfLifeDays: r.shelfLifeDays,
        batchManaged: r.batchManaged,
        weighed: r.weighed,
        minStock: r.minStock,
        maxStock: r.maxStock,
        status: r.status,
      })}
    />
  );
}
