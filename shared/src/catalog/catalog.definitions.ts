import { type Type } from '@nestjs/common';
import { Brand, Category, Customer, PaymentMethod, Product, StorePrice, Supplier, Unit } from './catalog.entity';
import { defineSort, type SortSpec } from '../common/pagination';
import { type PermissionCode } from '../identity/permissions';
import { type SheetColumn } from '../excel/sheet-schema';
import { type SheetSchema } from '../excel/sheet-schema';

/**
 * One description per base-data entity drives everything generic about it: the import sheet
 * (bilingual headers, cell rules), the API DTOs (same rules), references by code, list search and
 * sorting, the natural key of upserts, and the audit entity type.
 */
export type CatalogEntityKey = 'supplier' | 'category' | 'brand' | 'unit' | 'product' | 'customer' | 'payment-method' | 'store-price';

export interface RefSpec {
  /** sheet column holding the code, e.g. `categoryCode` */
  sheetKey: string;
  /** entity property holding the id, e.g. `categoryId` */
  prop: string;
  table: 'category' | 'brand' | 'unit' | 'supplier' | 'product' | 'org_unit';
  /** extra SQL condition on the referenced table (alias `r`) */
  where?: string;
  zh: string;
}

export interface CatalogSpec {
  key: CatalogEntityKey;
  /** URL segment under /api/catalog */
  path: string;
  entity: Type;
  table: string;
  zh: string;
  writePermission: PermissionCode;
  sheet: SheetSchema;
  refs: RefSpec[];
  /** entity properties identifying a row for upserts (a unique constraint) */
  naturalKey: string[];
  /** values of a new row for columns the input leaves empty */
  defaults: Record<string, unknown>;
  /** API sort names → SQL (alias `t`) */
  /** the list's sort keys and default order (the `sort` enum of its list route) */
  sort: SortSpec;
  /** columns searched by `search` */
  search: string[];
  /** the status a disable sets */
  disabledStatus: string;
}

const text = (key: string, zh: string, maxLength: number, more: Partial<SheetColumn> = {}): SheetColumn => ({ key, zh, kind: 'text', maxLength, ...more });
const money = (key: string, zh: string, more: Partial<SheetColumn> = {}): SheetColumn => ({
  key,
  zh,
  kind: 'decimal',
  min: 0,
  max: 9_999_999_999_999,
  scale: 2,
  example: '12.50',
  ...more,
});
const qty = (key: string, zh: string): SheetColumn => ({ key, zh, kind: 'decimal', min: 0, max: 999_999_999_999, scale: 3 });
const code = (zh: string, maxLength = 32): SheetColumn => ({
  key: 'code',
  zh,
  kind: 'code',
  required: true,
  maxLength,
  example: 'A001',
  note: '唯一，按编码新增或更新 unique; rows are matched by it',
});
const name = (zh: string, maxLength: number): SheetColumn => text('name', zh, maxLength, { required: true });
const refCode = (key: string, zh: string, maxLength = 32): SheetColumn => ({ key, zh, kind: 'code', maxLength, note: '填编码 the code of an existing record' });
const masterStatus: SheetColumn = {
  key: 'status',
  zh: '状态',
  kind: 'enum',
  values: { active: 'active', 启用: 'active', 正常: 'active', disabled: 'disabled', 停用: 'disabled' },
  note: '空 = 启用 empty = active',
};

const masterSort = { code: 't.code', name: 't.name', createdAt: 't.created_at', updatedAt: 't.updated_at' };
const masterCommon = { naturalKey: ['code'], sort: defineSort(masterSort, 'code'), search: ['t.code', 't.name'], disabledStatus: 'disabled' };

export const SUPPLIER_SPEC: CatalogSpec = {
  key: 'supplier',
  path: 'suppliers',
  entity: Supplier,
  table: 'supplier',
  zh: '供应商',
  writePermission: 'catalog.supplier.write',
  refs: [],
  defaults: { status: 'active', settlementMode: 'purchase' },
  ...masterCommon,
  search: ['t.code', 't.name', 't.contact', 't.phone'],
  sheet: {
    name: 'supplier',
    zhName: '供应商',
    columns: [
      code('供应商编码'),
      name('供应商名称', 200),
      text('contact', '联系人', 100),
      text('phone', '电话', 40),
      text('address', '地址', 300),
      text('taxNumber', '税号', 40),
      text('bank', '开户银行', 200),
      text('bankAccount', '银行账号', 64),
      { key: 'paymentTermsDays', zh: '账期天数', kind: 'int', min: 0, max: 3650, example: '30' },
      {
        key: 'settlementMode',
        zh: '结算方式',
        kind: 'enum',
        values: { purchase: 'purchase', 经销: 'purchase', consignment: 'consignment', 代销: 'consignment', concession: 'concession', 联营: 'concession' },
        note: '空 = 经销 empty = purchase (payable on receipt); 代销 consignment: payable on sales; 联营 concession: sales minus commission',
      },
      { key: 'commissionRate', zh: '联营扣点%', kind: 'decimal', min: 0, max: 100, scale: 2, example: '18', note: '联营供应商必填 required for concession suppliers' },
      masterStatus,
    ],
  },
};

export const CATEGORY_SPEC: CatalogSpec = {
  key: 'category',
  path: 'categories',
  entity: Category,
  table: 'category',
  zh: '类别',
  writePermission: 'catalog.category.write',
  refs: [{ sheetKey: 'parentCode', prop: 'parentId', table: 'category', zh: '上级类别' }],
  defaults: { status: 'active', parentId: null },
  ...masterCommon,
  sheet: {
    name: 'category',
    zhName: '类别',
    columns: [
      code('类别编码'),
      name('类别名称', 100),
      { ...refCode('parentCode', '上级类别编码'), note: '空 = 顶级；上级须在文件中靠前或已存在 empty = top level; a parent must come earlier or exist' },
      masterStatus,
    ],
  },
};

export const BRAND_SPEC: CatalogSpec = {
  key: 'brand',
  path: 'brands',
  entity: Brand,
  table: 'brand',
  zh: '品牌',
  writePermission: 'catalog.product.write',
  refs: [],
  defaults: { status: 'active' },
  ...masterCommon,
  sheet: { name: 'brand', zhName: '品牌', columns: [code('品牌编码'), name('品牌名称', 100), masterStatus] },
};

export const UNIT_SPEC: CatalogSpec = {
  key: 'unit',
  path: 'units',
  entity: Unit,
  table: 'unit',
  zh: '计量单位',
  writePermission: 'catalog.product.write',
  refs: [],
  defaults: { status: 'active' },
  ...masterCommon,
  sheet: { name: 'unit', zhName: '计量单位', columns: [code('单位编码', 16), name('单位名称', 32), masterStatus] },
};

export const PRODUCT_SPEC: CatalogSpec = {
  key: 'product',
  path: 'products',
  entity: Product,
  table: 'product',
  zh: '商品',
  writePermission: 'catalog.product.write',
  refs: [
    { sheetKey: 'unitCode', prop: 'unitId', table: 'unit', zh: '单位' },
    { sheetKey: 'categoryCode', prop: 'categoryId', table: 'category', zh: '类别' },
    { sheetKey: 'brandCode', prop: 'brandId', table: 'brand', zh: '品牌' },
    { sheetKey: 'supplierCode', prop: 'defaultSupplierId', table: 'supplier', zh: '供应商' },
  ],
  defaults: { status: 'active', purchasePrice: '0', retailPrice: '0', taxRate: '0', batchManaged: false, weighed: false },
  ...masterCommon,
  sort: defineSort({ ...masterSort, retailPrice: 't.retail_price' }, 'code'),
  disabledStatus: 'disabled',
  sheet: {
    name: 'product',
    zhName: '商品',
    columns: [
      code('商品编码'),
      name('商品名称', 200),
      text('shortName', '简称', 60),
      text('specification', '规格', 100),
      refCode('unitCode', '单位编码', 16),
      refCode('categoryCode', '类别编码'),
      refCode('brandCode', '品牌编码'),
      refCode('supplierCode', '供应商编码'),
      {
        key: 'barcodes',
        zh: '条码',
        kind: 'list',
        maxLength: 32,
        maxItems: 20,
        example: '6901234567890;6901234567891',
        note: '多个用 ; 分隔，第一个为主条码，全连锁唯一 several separated by ;, the first is the primary, unique in the chain',
      },
      money('purchasePrice', '进价', { scale: 4 }),
      money('retailPrice', '零售价'),
      money('memberPrice', '会员价'),
      money('wholesalePrice', '批发价'),
      { key: 'taxRate', zh: '税率%', kind: 'decimal', min: 0, max: 100, scale: 2, example: '13' },
      { key: 'shelfLifeDays', zh: '保质期天数', kind: 'int', min: 0, max: 36_500 },
      { key: 'batchManaged', zh: '批次管理', kind: 'bool', note: '是/否 yes/no' },
      { key: 'weighed', zh: '称重', kind: 'bool', note: '是/否 yes/no' },
      qty('minStock', '最低库存'),
      qty('maxStock', '最高库存'),
      {
        key: 'status',
        zh: '状态',
        kind: 'enum',
        values: { active: 'active', 正常: 'active', discontinued: 'discontinued', 停售: 'discontinued', disabled: 'disabled', 停用: 'disabled' },
        note: '空 = 正常 empty = active',
      },
    ],
  },
};

export const CUSTOMER_SPEC: CatalogSpec = {
  key: 'customer',
  path: 'customers',
  entity: Customer,
  table: 'customer',
  zh: '客户',
  writePermission: 'catalog.customer.write',
  refs: [],
  defaults: { status: 'active', creditLimit: '0', priceLevel: 'wholesale' },
  ...masterCommon,
  search: ['t.code', 't.name', 't.contact', 't.phone'],
  sheet: {
    name: 'customer',
    zhName: '客户',
    columns: [
      code('客户编码'),
      name('客户名称', 200),
      text('contact', '联系人', 100),
      text('phone', '电话', 40),
      text('address', '地址', 300),
      text('taxNumber', '税号', 40),
      money('creditLimit', '信用额度', { note: '0 = 不赊销 no credit: orders beyond prepaid credit need the credit approval' }),
      {
        key: 'priceLevel',
        zh: '价格等级',
        kind: 'enum',
        values: { retail: 'retail', 零售价: 'retail', member: 'member', 会员价: 'member', wholesale: 'wholesale', 批发价: 'wholesale' },
        note: '空 = 批发价 empty = wholesale',
      },
      { key: 'paymentTermsDays', zh: '账期天数', kind: 'int', min: 0, max: 3650, example: '30' },
      masterStatus,
    ],
  },
};

export const PAYMENT_METHOD_SPEC: CatalogSpec = {
  key: 'payment-method',
  path: 'payment-methods',
  entity: PaymentMethod,
  table: 'payment_method',
  zh: '付款方式',
  writePermission: 'catalog.payment-method.write',
  refs: [],
  defaults: { status: 'active', allowsChange: false, enabled: true, sortOrder: 0 },
  ...masterCommon,
  sort: defineSort({ ...masterSort, sortOrder: 't.sort_order' }, 'sortOrder,code'),
  sheet: {
    name: 'payment-method',
    zhName: '付款方式',
    columns: [
      code('付款方式编码', 16),
      name('付款方式名称', 60),
      {
        key: 'type',
        zh: '类型',
        kind: 'enum',
        required: true,
        values: {
          cash: 'cash',
          现金: 'cash',
          card: 'card',
          银行卡: 'card',
          mobile: 'mobile',
          移动支付: 'mobile',
          stored_value: 'stored_value',
          储值卡: 'stored_value',
          voucher: 'voucher',
          代金券: 'voucher',
          gift_card: 'gift_card',
          礼品卡: 'gift_card',
        },
      },
      { key: 'allowsChange', zh: '可找零', kind: 'bool' },
      { key: 'enabled', zh: '启用', kind: 'bool' },
      { key: 'sortOrder', zh: '排序', kind: 'int', min: 0, max: 9999 },
      masterStatus,
    ],
  },
};

export const STORE_PRICE_SPEC: CatalogSpec = {
  key: 'store-price',
  path: 'store-prices',
  entity: StorePrice,
  table: 'store_price',
  zh: '门店价格',
  writePermission: 'catalog.price.write',
  refs: [
    { sheetKey: 'storeCode', prop: 'storeId', table: 'org_unit', where: "r.kind = 'store'", zh: '门店' },
    { sheetKey: 'productCode', prop: 'productId', table: 'product', zh: '商品' },
  ],
  naturalKey: ['storeId', 'productId', 'validFrom'],
  defaults: { status: 'active', memberPrice: null, validTo: null },
  sort: defineSort({ validFrom: 't.valid_from', createdAt: 't.created_at', updatedAt: 't.updated_at' }, '-validFrom'),
  search: [],
  disabledStatus: 'disabled',
  sheet: {
    name: 'store-price',
    zhName: '门店价格',
    columns: [
      { ...refCode('storeCode', '门店编码', 16), required: true },
      { ...refCode('productCode', '商品编码'), required: true },
      money('retailPrice', '零售价', { required: true }),
      money('memberPrice', '会员价'),
      { key: 'validFrom', zh: '生效日期', kind: 'date', required: true, example: '2026-01-01' },
      { key: 'validTo', zh: '失效日期', kind: 'date', note: '空 = 长期有效 empty = open-ended' },
      masterStatus,
    ],
  },
};

export const CATALOG_SPECS: CatalogSpec[] = [SUPPLIER_SPEC, CATEGORY_SPEC, BRAND_SPEC, UNIT_SPEC, PRODUCT_SPEC, CUSTOMER_SPEC, PAYMENT_METHOD_SPEC, STORE_PRICE_SPEC];

export function specOf(key: string): CatalogSpec | undefined {
  return CATALOG_SPECS.find((s) => s.key === key);
}
