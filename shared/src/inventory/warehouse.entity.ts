import { PrimaryGeneratedColumn, Column, CreateDateColumn, Entity, Index, UpdateDateColumn, VersionColumn } from 'typeorm';
import { EnumTextColumn } from '../common/enum-text-column';
import { MASTER_STATUS_VALUES } from '../catalog/catalog.entity';

/**
 * 仓库: a stock location owned by an org unit. HQ may have several; a store has at least one, plus
 * an `in_transit` location for goods shipped to it but not yet received. Created at HQ (the opening
 * wizard makes a store's) and replicated to the store.
 */
export const WAREHOUSE_KIND_VALUES = ['normal', 'in_transit'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KIND_VALUES)[number];

@Entity('warehouse')
export class Warehouse {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @EnumTextColumn(WAREHOUSE_KIND_VALUES, { length: 12, default: 'normal' })
  kind: WarehouseKind;

  @EnumTextColumn(MASTER_STATUS_VALUES, { length: 12, default: 'active' })
  status: 'active' | 'disabled';

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
