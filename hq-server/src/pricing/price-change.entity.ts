import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { EnumTextColumn, MONEY_COLUMN } from '@chain-erp/shared';

export const PRICE_CHANGE_STATUS_VALUES = ['draft', 'approved', 'cancelled'] as const;
export type PriceChangeStatus = (typeof PRICE_CHANGE_STATUS_VALUES)[number];

/**
 * 调价单: new retail / member / wholesale prices for products, for every store or a set of stores,
 * from a moment (optionally until one). Draft → approved (immutable; its lines become the price
 * schedule the stores replicate) or cancelled. A correction is a new document (`correctsId`).
 */
@Entity('price_change')
@Check('chk_price_change_period', 'effective_to IS NULL OR effective_to > effective_from')
export class PriceChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Index()
  @EnumTextColumn(PRICE_CHANGE_STATUS_VALUES, { length: 12 })
  status: PriceChangeStatus;

  /** null: every store */
  @Column({ name: 'store_ids', type: 'uuid', array: true, nullable: true })
  storeIds: string[] | null;

  @Column({ name: 'effective_from', type: 'timestamptz' })
  effectiveFrom: Date;

  @Column({ name: 'effective_to', type: 'timestamptz', nullable: true })
  effectiveTo: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** the approved document this one corrects */
  @Column({ name: 'corrects_id', type: 'uuid', nullable: true })
  correctsId: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 64, nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('price_change_line')
@Unique('uq_price_change_line', ['priceChangeId', 'lineNo'])
@Check(
  'chk_price_change_line_prices',
  '(retail_price IS NOT NULL OR member_price IS NOT NULL OR wholesale_price IS NOT NULL) AND coalesce(retail_price, 0) >= 0 AND coalesce(member_price, 0) >= 0 AND coalesce(wholesale_price, 0) >= 0',
)
export class PriceChangeLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'price_change_id', type: 'uuid' })
  priceChangeId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'retail_price', ...MONEY_COLUMN, nullable: true })
  retailPrice: string | null;

  @Column({ name: 'member_price', ...MONEY_COLUMN, nullable: true })
  memberPrice: string | null;

  @Column({ name: 'wholesale_price', ...MONEY_COLUMN, nullable: true })
  wholesalePrice: string | null;
}

export const PRICE_CHANGE_ENTITIES = [PriceChange, PriceChangeLine];
