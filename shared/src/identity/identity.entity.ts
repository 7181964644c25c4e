import { PrimaryGeneratedColumn, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ORG_KIND_VALUES, type OrgKind } from '../common/request-context';
import { EnumTextColumn } from '../common/enum-text-column';

export const ORG_STATUS_VALUES = ['active', 'disabled', 'revoked'] as const;
export type OrgStatus = (typeof ORG_STATUS_VALUES)[number];

/** 机构: HQ or a store, each with a unique code. */
@Entity('org_unit')
export class OrgUnit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @EnumTextColumn(ORG_KIND_VALUES, { length: 8 })
  kind: OrgKind;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  contact: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ name: 'opening_date', type: 'date', nullable: true })
  openingDate: string | null;

  @EnumTextColumn(ORG_STATUS_VALUES, { length: 12, default: 'active' })
  status: OrgStatus;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const USER_STATUS_VALUES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUS_VALUES)[number];

/** 用户: belongs to HQ or to exactly one store. */
@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_unit_id' })
  orgUnit?: OrgUnit;

  @Column({ name: 'password_hash', type: 'varchar', length: 200, select: false })
  passwordHash: string;

  @EnumTextColumn(USER_STATUS_VALUES, { length: 12, default: 'active' })
  status: UserStatus;

  @Column({ name: 'failed_login_count', type: 'int', default: 0 })
  failedLoginCount: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  /**
   * Raised at HQ whenever the user's sign-ins must end (disabled, rights reduced, password changed
   * or reset). A sign-in remembers the value it started with and ends when it differs. Replicated,
   * so a store's sign-ins end as soon as the change arrives by sync.
   */
  @Column({ name: 'session_epoch', type: 'int', default: 0 })
  sessionEpoch: number;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** 角色: chain-wide (org_unit_id null, defined at HQ) or belonging to one store. */
@Entity('role')
export class Role {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid', nullable: true })
  orgUnitId: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  permissions: string[];

  @Column({ name: 'built_in', type: 'boolean', default: false })
  builtIn: boolean;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** 授权: a role granted to a user. */
@Entity('user_role')
export class UserRole {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('uuid', { name: 'role_id' })
  roleId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @ManyToOne(() => Role, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'role_id' })
  role?: Role;

  @CreateDateColumn({ name: 'granted_at', type: 'timestamptz' })
  grantedAt: Date;

  @Column({ name: 'granted_by', type: 'uuid', nullable: true })
  grantedBy: string | null;
}

export type SessionEndReason = 'logout' | 'password' | 'disabled' | 'access-changed';

/**
 * 登录会话: one sign-in (its id is the token's `sid`). Local to each server, never replicated: a
 * token of HQ works at HQ, a token of a store at that store. The guard checks it on every request
 * (AuthService.authenticate, cached for AUTH_CACHE_SECONDS).
 */
@Entity('auth_session')
export class AuthSession {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** the user's session_epoch when signing in */
  @Column({ name: 'session_epoch', type: 'int' })
  sessionEpoch: number;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Index()
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 16, nullable: true })
  endReason: SessionEndReason | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}

/**
 * Settings of an org unit that HQ decides and stores receive by sync (seed 002: 零售设置 /
 * 门店自行采购 / 会员设置). Read live, so a changed switch takes effect without a restart.
 */
@Entity('org_settings')
export class OrgSettings {
  @PrimaryColumn('uuid', { name: 'org_unit_id' })
  orgUnitId: string;

  /** 零库存销售: allow stock to go below zero (库存不够不允许销售 unticked) */
  @Column({ name: 'allow_negative_stock', type: 'boolean', default: false })
  allowNegativeStock: boolean;

  /** 门店自行采购: the store may buy from suppliers itself */
  @Column({ name: 'allow_store_purchasing', type: 'boolean', default: false })
  allowStorePurchasing: boolean;

  /** member-center address used by the store (defaults to the HQ address) */
  @Column({ name: 'member_center_url', type: 'varchar', length: 300, nullable: true })
  memberCenterUrl: string | null;

  /** other settings documents (POS defaults etc.), validated by their modules */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  extra: Record<string, unknown>;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const IDENTITY_ENTITIES = [OrgUnit, User, Role, UserRole, OrgSettings, AuthSession];
