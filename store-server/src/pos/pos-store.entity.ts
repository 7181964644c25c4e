import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { EnumTextColumn, MONEY_COLUMN } from '@chain-erp/shared';

export const SHIFT_STATUS_VALUES = ['open', 'closed'] as const;
export type ShiftStatus = (typeof SHIFT_STATUS_VALUES)[number];

/** 班次: a cashier's session on a till, from 开始营业 (opening float) to 交班 (counted, closed). */
@Entity('pos_shift')
@Index('uq_pos_shift_open_till', ['storeId', 'tillCode'], { unique: true, where: `status = 'open'` })
@Index(['storeId', 'businessDate'])
export class PosShift {
  /** the till may send it (offline-born), otherwise the server makes one */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'shift_no', type: 'varchar', length: 64 })
  shiftNo: string;

  @Column({ name: 'till_code', type: 'varchar', length: 8 })
  tillCode: string;

  @Column({ name: 'cashier_id', type: 'uuid' })
  cashierId: string;

  @Column({ name: 'cashier_name', type: 'varchar', length: 100 })
  cashierName: string;

  @EnumTextColumn(SHIFT_STATUS_VALUES, { length: 8, default: 'open' })
  status: ShiftStatus;

  @Column({ name: 'opening_float', ...MONEY_COLUMN })
  openingFloat: string;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;
}

/** The store's own POS settings sections (HQ's defaults arrive in org_settings.extra.pos by sync). */
@Entity('pos_settings')
export class PosSettingsRow {
  @PrimaryColumn('uuid', { name: 'org_unit_id' })
  orgUnitId: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  document: Record<string, unknown>;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const POS_STORE_ENTITIES = [PosShift, PosSettingsRow];
