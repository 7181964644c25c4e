import { PrimaryGeneratedColumn, Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { decimalTransformer, MONEY_COLUMN, QTY_COLUMN } from '../common/money';
import { EnumTextColumn } from '../common/enum-text-column';

/**
 * Base data (基本信息). Master at HQ; replicas at the stores (pulled through the transfer protocol,
 * which replicates rows by `row_version`). Ids are UUIDs born at HQ; codes are the human keys.
 */
export const MASTER_STATUS_VALUES = ['active', 'disabled'] as const;
export type MasterStatus = (typeof MASTER_STATUS_VALUES)[number];

abstract class MasterRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @EnumTextColumn(MASTER_STATUS_VALUES, { length: 12, default: 'active' })
  status: MasterStatus;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** 供应商 */
@Entity('supplier')
export class Supplier extends MasterRecord {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  contact: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @Column({ name: 'tax_number', type: 'varchar', length: 40, nullable: true })
  taxNumber: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  bank: string | null;

  @Column({ name: 'bank_account', type: 'varchar', length: 64, nullable: true })
  bankAccount: string | null;

  /** e.g. 30 days after receipt */
  @Column({ name: 'payment_terms_days', type: 'int', nullable: true })
  paymentTermsDays: number | null;

  /**
   * 结算方式: `purchase` 经销 (HQ buys the goods: payable on receipt), `consignment` 代销 (payable on
   * the quantities sold), `concession` 联营 (payable = sales minus commission). docs/settlement.md.
   */
  @Column({ name: 'settlement_mode', type: 'varchar', length: 16, default: 'purchase' })
  settlementMode: SupplierSettlementMode;

  /** 联营扣点: the chain's commission in percent of sales (concession suppliers) */
  @Column({ name: 'commission_rate', type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: decimalTransformer })
  commissionRate: string | null;
}

export type SupplierSettlementMode = 'purchase' | 'consignment' | 'concession';

/** 类别: a tree of any depth; `path` holds the ancestor ids (root first) for subtree queries. */
@Entity('category')
export class Category extends MasterRecord {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index()
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  /** ids from the root to this node, inclusive */
  @Index()
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  path: string[];
}

/** 品牌 */
@Entity('brand')
export class Brand extends MasterRecord {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;
}

/** 计量单位 */
@Entity('unit')
export class Unit extends MasterRecord {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 32 })
  name: string;
}

export const PRODUCT_STATUS_VALUES = ['active', 'discontinued', 'disabled'] as const;
export type ProductStatus = (typeof PRODUCT_STATUS_VALUES)[number];

/** 商品 */
@Entity('product')
@Check('chk_product_prices', 'purchase_price >= 0 AND retail_price >= 0 AND (member_price IS NULL OR member_price >= 0) AND (wholesale_price IS NULL OR wholesale_price >= 0)')
export class Product {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Index()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'short_name', type: 'varchar', length: 60, nullable: true })
  shortName: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  specification: string | null;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @Index()
  @Column({ name: 'category_id', type: 'uuid', nullable: true })
  categoryId: string | null;

  @Column({ name: 'brand_id', type: 'uuid', nullable: true })
  brandId: string | null;

  @Index()
  @Column({ name: 'default_supplier_id', type: 'uuid', nullable: true })
  defaultSupplierId: string | null;

  @Column({ name: 'purchase_price', ...MONEY_COLUMN, scale: 4, default: 0 })
  purchasePrice: string;

  @Column({ name: 'retail_price', ...MONEY_COLUMN, default: 0 })
  retailPrice: string;

  @Column({ name: 'member_price', ...MONEY_COLUMN, nullable: true })
  memberPrice: string | null;

  @Column({ name: 'wholesale_price', ...MONEY_COLUMN, nullable: true })
  wholesalePrice: string | null;

  /** percent, e.g. 13.00 */
  @Column({ name: 'tax_rate', type: 'numeric', precision: 5, scale: 2, default: 0, transformer: decimalTransformer })
  taxRate: string;

  @Column({ name: 'shelf_life_days', type: 'int', nullable: true })
  shelfLifeDays: number | null;

  @Column({ name: 'batch_managed', type: 'boolean', default: false })
  batchManaged: boolean;

  @Column({ type: 'boolean', default: false })
  weighed: boolean;

  @Column({ name: 'min_stock', ...QTY_COLUMN, nullable: true })
  minStock: string | null;

  @Column({ name: 'max_stock', ...QTY_COLUMN, nullable: true })
  maxStock: string | null;

  @EnumTextColumn(PRODUCT_STATUS_VALUES, { length: 16, default: 'active' })
  status: ProductStatus;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** 条码: several per product, each unique in the chain. */
@Entity('product_barcode')
export class ProductBarcode {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  barcode: string;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'is_primary', type: 'boolean', default: false })
  isPrimary: boolean;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** 客户 (wholesale) */
@Entity('customer')
export class Customer extends MasterRecord {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  contact: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ name: 'credit_limit', ...MONEY_COLUMN, default: 0 })
  creditLimit: string;

  /** which price applies: retail, member or wholesale */
  @Column({ name: 'price_level', type: 'varchar', length: 16, default: 'wholesale' })
  priceLevel: 'retail' | 'member' | 'wholesale';

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @Column({ name: 'tax_number', type: 'varchar', length: 40, nullable: true })
  taxNumber: string | null;

  /** 账期: a delivery is due this many days after it (none = due at once) */
  @Column({ name: 'payment_terms_days', type: 'int', nullable: true })
  paymentTermsDays: number | null;
}

/** voucher 代金券 and gift_card 礼品卡 tenders carry the HQ-issued number in `reference` (docs/promotions.md) */
export const PAYMENT_METHOD_TYPE_VALUES = ['cash', 'card', 'mobile', 'stored_value', 'voucher', 'gift_card'] as const;
export type PaymentMethodType = (typeof PAYMENT_METHOD_TYPE_VALUES)[number];

/** 付款方式 */
@Entity('payment_method')
export class PaymentMethod extends MasterRecord {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @EnumTextColumn(PAYMENT_METHOD_TYPE_VALUES, { length: 16 })
  type: PaymentMethodType;

  @Column({ name: 'allows_change', type: 'boolean', default: false })
  allowsChange: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'sort_order', type: 'int', default: 0 })
  sortOrder: number;
}

/** 门店价格: a store's own retail/member price for a product over a validity period. */
@Entity('store_price')
@Unique('uq_store_price_period', ['storeId', 'productId', 'validFrom'])
@Check('chk_store_price_period', 'valid_to IS NULL OR valid_to >= valid_from')
export class StorePrice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'retail_price', ...MONEY_COLUMN })
  retailPrice: string;

  @Column({ name: 'member_price', ...MONEY_COLUMN, nullable: true })
  memberPrice: string | null;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @EnumTextColumn(MASTER_STATUS_VALUES, { length: 12, default: 'active' })
  status: MasterStatus;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const CATALOG_ENTITIES = [Supplier, Category, Brand, Unit, Product, ProductBarcode, Customer, PaymentMethod, StorePrice];
