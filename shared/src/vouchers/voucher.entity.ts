import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money';
import { EnumTextColumn } from '../common/enum-text-column';

/**
 * 代金券 vouchers and 礼品卡 gift cards (docs/promotions.md "Vouchers and gift cards"). HQ holds them
 * and their balances: a batch (券批次) is the issue document that makes its numbers and loads each
 * one's value; every change of value is a `voucher_ledger` row of a document (the batch, a sale's
 * redemption, a refund, a reversal).
 */

/** voucher: used once, with a minimum spend; gift_card: a balance spent down to zero */
export type VoucherKind = 'voucher' | 'gift_card';
export const VOUCHER_KINDS: readonly VoucherKind[] = ['voucher', 'gift_card'];

/**
 * active: can pay; redeemed: a voucher used (or a gift card at zero); void: taken out of use;
 * unsold: a gift card of a batch sold at the till (礼品卡售卡), no value until a till sells it.
 */
export type VoucherState = 'active' | 'redeemed' | 'void' | 'unsold';
export const VOUCHER_STATES: readonly VoucherState[] = ['active', 'redeemed', 'void', 'unsold'];

@Entity('voucher_batch')
export class VoucherBatch {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** the issue document's number, VB-HQ-20261207-0001 (gift cards GC-HQ-…) */
  @Index('uq_voucher_batch_no', { unique: true })
  @Column({ name: 'batch_no', type: 'varchar', length: 40 })
  batchNo: string;

  @EnumTextColumn(VOUCHER_KINDS, { length: 16 })
  kind: VoucherKind;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'face_value', ...MONEY_COLUMN })
  faceValue: string;

  /** 折扣券: pays at most this percent of the sale total (and at most `faceValue`); null = a face value */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  percent: string | null;

  /** a voucher pays only a sale of at least this total (before vouchers); 0 = any */
  @Column({ name: 'min_spend', ...MONEY_COLUMN, default: 0 })
  minSpend: string;

  @Column({ type: 'int' })
  quantity: number;

  @Column({ name: 'valid_from', type: 'timestamptz' })
  validFrom: Date;

  @Column({ name: 'valid_to', type: 'timestamptz' })
  validTo: Date;

  /** the stores where it is valid; null = every store */
  @Column({ name: 'store_ids', type: 'uuid', array: true, nullable: true })
  storeIds: string[] | null;

  /**
   * 代金券 allocated to its stores: replicated to them (pull stream `voucher.voucher`, the number as
   * a hash) and redeemable there against the replica while HQ cannot be reached (docs/promotions.md)
   */
  @Column({ name: 'offline_redeemable', type: 'boolean', default: false })
  offlineRedeemable: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  /**
   * 礼品卡售卡: the batch's gift cards are made without value (state `unsold`, no issue row) and get
   * their face value when a till sells them (ledger kind `sell`); false: the batch loads the value.
   */
  @Column({ name: 'sold_at_till', type: 'boolean', default: false })
  soldAtTill: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * What a voucher is and holds — its terms, balance and state. HQ's row (below) adds the number; a
 * store's replica of an allocated voucher (store-server `VoucherReplica`) adds the number's hash.
 */
export abstract class VoucherTerms {
  @Column({ name: 'batch_id', type: 'uuid' })
  batchId: string;

  @EnumTextColumn(VOUCHER_KINDS, { length: 16 })
  kind: VoucherKind;

  @Column({ name: 'face_value', ...MONEY_COLUMN })
  faceValue: string;

  /** 折扣券: at most this percent of the sale total (the batch's) */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  percent: string | null;

  /** what is left on it; moves only with a ledger row */
  @Column({ ...MONEY_COLUMN })
  balance: string;

  @Column({ name: 'min_spend', ...MONEY_COLUMN, default: 0 })
  minSpend: string;

  @Column({ name: 'valid_from', type: 'timestamptz' })
  validFrom: Date;

  @Column({ name: 'valid_to', type: 'timestamptz' })
  validTo: Date;

  @Column({ name: 'store_ids', type: 'uuid', array: true, nullable: true })
  storeIds: string[] | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  state: VoucherState;

  /** the batch's: replicated to its stores, redeemable there offline */
  @Column({ name: 'offline_redeemable', type: 'boolean', default: false })
  offlineRedeemable: boolean;
}

@Entity('voucher')
@Index(['batchId'])
// value never goes below zero, whatever path writes it
@Check('ck_voucher_balance', 'balance >= 0')
export class Voucher extends VoucherTerms {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 16 random digits with a Luhn check digit: unguessable, unique for ever (uq_voucher_number) */
  @Index('uq_voucher_number', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  number: string;

  /** sha256 of the number (hex), set by a trigger (migration VoucherOffline): what a store's replica holds instead of the number, the secret */
  @Column({ name: 'number_hash', type: 'varchar', length: 64, insert: false, update: false })
  numberHash: string;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;
}

/**
 * issue: the batch loads its value; redeem: a sale paid with it; refund: a refund of that sale gives
 * back its share; reversal: a redemption whose sale did not commit at the store is undone;
 * sell: a till sells a gift card (礼品卡售卡) and loads its value; sell_reversal: a card sale that did
 * not commit at the store is undone (the card is unsold again); void: a void document takes what
 * was left out of use.
 */
export const VOUCHER_LEDGER_KIND_VALUES = ['issue', 'redeem', 'refund', 'reversal', 'sell', 'sell_reversal', 'void'] as const;
export type VoucherLedgerKind = (typeof VOUCHER_LEDGER_KIND_VALUES)[number];
export const VOUCHER_LEDGER_KINDS: readonly VoucherLedgerKind[] = VOUCHER_LEDGER_KIND_VALUES;

/** 券流水: every change of a voucher's or gift card's value; `balance_after` of the last row = its balance. */
@Entity('voucher_ledger')
@Index('uq_voucher_ledger_ref', ['voucherId', 'kind', 'refId'], { unique: true })
@Index(['originalRefId'], { where: 'original_ref_id IS NOT NULL' })
export class VoucherLedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'voucher_id', type: 'uuid' })
  voucherId: string;

  @EnumTextColumn(VOUCHER_LEDGER_KIND_VALUES, { length: 16 })
  kind: VoucherLedgerKind;

  /** the document's UUID (batch, sale, refund): the idempotency key with the voucher and kind */
  @Column({ name: 'ref_id', type: 'uuid' })
  refId: string;

  @Column({ name: 'doc_no', type: 'varchar', length: 64, nullable: true })
  docNo: string | null;

  /** the sale a refund gives back to */
  @Column({ name: 'original_ref_id', type: 'uuid', nullable: true })
  originalRefId: string | null;

  @Column({ ...MONEY_COLUMN })
  amount: string;

  @Column({ ...MONEY_COLUMN })
  delta: string;

  @Column({ name: 'balance_after', ...MONEY_COLUMN })
  balanceAfter: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  /** a redemption made at a store against its replica while HQ was away, booked when its record arrived */
  @Column({ type: 'boolean', default: false })
  offline: boolean;
}

export const VOUCHER_ENTITIES = [VoucherBatch, Voucher, VoucherLedgerEntry];
