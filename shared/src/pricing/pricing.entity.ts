import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money';
import { PROMOTION_KIND_VALUES, type PromotionKind, type PromotionRules } from './promotion.rules';
import { EnumTextColumn } from '../common/enum-text-column';
import { ApiProperty } from '@nestjs/swagger';
import { ApiSchemaModels } from '../common/http/api-contract';
import { PROMOTION_RULE_SCHEMAS, PROMOTION_RULES_PROPERTY } from './promotion-rules.schema';

/**
 * 调价 price schedule: what an approved price change (调价单, HQ) says, one row per line and store
 * (store null = every store). Written once when the document is approved and never changed (a
 * correction is a new document). Replicated to the stores concerned (pull stream
 * `pricing.price-schedule`); the till resolves the price in force at the moment of the sale from
 * these rows, so a change takes effect at its time even when the store is offline then.
 */
@Entity('price_schedule')
@Index(['productId', 'effectiveFrom'])
@Check('chk_price_schedule_period', 'effective_to IS NULL OR effective_to > effective_from')
export class PriceSchedule {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'price_change_id', type: 'uuid' })
  priceChangeId: string;

  /** the document's number (PC-HQ-20261207-0001) */
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  /** null: every store */
  @Index()
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  /** null: this price is not changed by the document */
  @Column({ name: 'retail_price', ...MONEY_COLUMN, nullable: true })
  retailPrice: string | null;

  @Column({ name: 'member_price', ...MONEY_COLUMN, nullable: true })
  memberPrice: string | null;

  @Column({ name: 'wholesale_price', ...MONEY_COLUMN, nullable: true })
  wholesalePrice: string | null;

  @Column({ name: 'effective_from', type: 'timestamptz' })
  effectiveFrom: Date;

  @Column({ name: 'effective_to', type: 'timestamptz', nullable: true })
  effectiveTo: Date | null;

  /** later approval wins between documents starting at the same moment */
  @Column({ name: 'approved_at', type: 'timestamptz' })
  approvedAt: Date;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;
}

export const PROMOTION_STATUS_VALUES = ['draft', 'approved', 'stopped', 'cancelled'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUS_VALUES)[number];

/**
 * 促销: defined at HQ (draft → approved → stopped, or cancelled while a draft), replicated to the
 * stores concerned once approved (pull stream `pricing.promotion`). Never edited once approved:
 * stopping sets `stoppedAt`; a change is a new promotion.
 */
@Entity('promotion')
@ApiSchemaModels(...PROMOTION_RULE_SCHEMAS)
@Index(['status', 'startsAt'])
export class Promotion {
  @PrimaryColumn('uuid')
  id: string;

  /** PM-HQ-20261207-0001 */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @EnumTextColumn(PROMOTION_KIND_VALUES, { length: 20 })
  kind: PromotionKind;

  @EnumTextColumn(PROMOTION_STATUS_VALUES, { length: 12 })
  status: PromotionStatus;

  @Column({ type: 'int', default: 0 })
  priority: number;

  @Column({ type: 'boolean', default: true })
  stackable: boolean;

  @Column({ type: 'jsonb' })
  @ApiProperty(PROMOTION_RULES_PROPERTY)
  rules: PromotionRules;

  /** null: every store */
  @Column({ name: 'store_ids', type: 'uuid', array: true, nullable: true })
  storeIds: string[] | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  /** ISO weekdays 1–7; null: every day */
  @Column({ name: 'days_of_week', type: 'int', array: true, nullable: true })
  daysOfWeek: number[] | null;

  @Column({ name: 'time_from', type: 'varchar', length: 5, nullable: true })
  timeFrom: string | null;

  @Column({ name: 'time_to', type: 'varchar', length: 5, nullable: true })
  timeTo: string | null;

  @Column({ name: 'members_only', type: 'boolean', default: false })
  membersOnly: boolean;

  @Column({ name: 'card_type_ids', type: 'uuid', array: true, nullable: true })
  cardTypeIds: string[] | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 64, nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'stopped_by', type: 'varchar', length: 64, nullable: true })
  stoppedBy: string | null;

  @Column({ name: 'stop_reason', type: 'varchar', length: 500, nullable: true })
  stopReason: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Both servers hold these (HQ the master, stores the replicas). */
export const PRICING_ENTITIES = [PriceSchedule, Promotion];
