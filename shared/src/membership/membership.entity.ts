import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { decimalTransformer, MONEY_COLUMN } from '../common/money';
import { StatusMachine } from '../documents/status-machine';
import { EnumTextColumn } from '../common/enum-text-column';
import { MASTER_STATUS_VALUES } from '../catalog/catalog.entity';

/**
 * Membership tables both servers hold. HQ is the master of card types, cards and chain balances;
 * a store holds replicas of its own blank cards and of the card types (pulled), and issues cards
 * locally. `member_ledger` rows at a store exist only for its own cards (本店卡), whose balances
 * never leave the store.
 */

/** chain: used anywhere, balances at HQ's member center; store: 本店卡, issued and used at its owner only */
export type CardScope = 'chain' | 'store';
export const CARD_SCOPES: readonly CardScope[] = ['chain', 'store'];

/** discount: a rate off the retail price; member_price: the product's member price applies */
export type CardPricing = 'discount' | 'member_price';
export const CARD_PRICINGS: readonly CardPricing[] = ['discount', 'member_price'];

export type CardState = 'made' | 'assigned' | 'issued' | 'lost' | 'replaced' | 'void';
export const CARD_STATES: readonly CardState[] = ['made', 'assigned', 'issued', 'lost', 'replaced', 'void'];

/** The card ledger's lifecycle; `assigned → assigned` is a move between stores. */
export const CARD_FLOW = new StatusMachine<CardState>(
  {
    made: ['assigned', 'void'],
    assigned: ['assigned', 'issued', 'void'],
    issued: ['lost', 'replaced'],
    lost: ['issued', 'replaced'],
    replaced: [],
    void: [],
  },
  'member card',
);

/** 卡类型 */
@Entity('member_card_type')
@Check(
  'chk_member_card_type_rates',
  `points_rate >= 0 AND (discount_rate IS NULL OR (discount_rate > 0 AND discount_rate <= 1)) AND (validity_months IS NULL OR validity_months > 0)`,
)
export class MemberCardType {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  pricing: CardPricing;

  /** price factor for `discount` pricing, e.g. 0.95 (5% off) */
  @Column({ name: 'discount_rate', type: 'numeric', precision: 5, scale: 4, nullable: true, transformer: decimalTransformer })
  discountRate: string | null;

  /** points per currency unit of a sale */
  @Column({ name: 'points_rate', type: 'numeric', precision: 10, scale: 4, default: 0, transformer: decimalTransformer })
  pointsRate: string;

  @Column({ name: 'stored_value_allowed', type: 'boolean', default: false })
  storedValueAllowed: boolean;

  /** months from issue until the card expires; null = never */
  @Column({ name: 'validity_months', type: 'int', nullable: true })
  validityMonths: number | null;

  @EnumTextColumn(MASTER_STATUS_VALUES, { length: 12, default: 'active' })
  status: 'active' | 'disabled';

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One physical card: the card ledger row (卡台账). Balances sit on the card so a replacement moves them. */
@Entity('member_card')
@Index(['ownerStoreId', 'state'])
@Check('chk_member_card_balances', 'points_balance >= 0 AND stored_value_balance >= 0')
export class MemberCard {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** prefix + zero-padded number + check digit; unique across the chain whatever the prefix */
  @Index('uq_member_card_no', { unique: true })
  @Column({ name: 'card_no', type: 'varchar', length: 40 })
  cardNo: string;

  @Index()
  @Column({ name: 'batch_id', type: 'uuid' })
  batchId: string;

  @Column({ name: 'card_type_id', type: 'uuid' })
  cardTypeId: string;

  @Column({ type: 'varchar', length: 8 })
  scope: CardScope;

  /** the store holding (and issuing) the card; null while only made */
  @Column({ name: 'owner_store_id', type: 'uuid', nullable: true })
  ownerStoreId: string | null;

  @Column({ type: 'varchar', length: 12 })
  state: CardState;

  @Index()
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'issued_store_id', type: 'uuid', nullable: true })
  issuedStoreId: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'replaced_by_card_id', type: 'uuid', nullable: true })
  replacedByCardId: string | null;

  @Column({ name: 'points_balance', ...MONEY_COLUMN, default: 0 })
  pointsBalance: string;

  @Column({ name: 'stored_value_balance', ...MONEY_COLUMN, default: 0 })
  storedValueBalance: string;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** 会员: one person, known by a mobile number unique across the chain. */
@Entity('member')
export class Member {
  /** born where the card is issued (a store, possibly offline) */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 20 })
  mobile: string;

  @Column({ type: 'date', nullable: true })
  birthday: string | null;

  @Column({ name: 'id_number', type: 'varchar', length: 32, nullable: true })
  idNumber: string | null;

  /** the store that issued the member's first card */
  @Column({ name: 'home_store_id', type: 'uuid', nullable: true })
  homeStoreId: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export type CardAction = 'make' | 'assign' | 'move' | 'issue' | 'lost' | 'found' | 'replace' | 'void';

/** Every change of a card's state: who, when, why, from/to, at which store. Never edited. */
@Entity('member_card_event')
@Index('uq_member_card_event_ref', ['refId', 'action'], { unique: true, where: `action IN ('issue', 'replace')` })
export class MemberCardEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'card_id', type: 'uuid' })
  cardId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'varchar', length: 16 })
  action: CardAction;

  @Column({ name: 'from_state', type: 'varchar', length: 12, nullable: true })
  fromState: CardState | null;

  @Column({ name: 'to_state', type: 'varchar', length: 12 })
  toState: CardState;

  /** the store the change happened for (owner after a move, issuing store, …) */
  @Index()
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** idempotency key of the operation (issue id, replacement id) */
  @Column({ name: 'ref_id', type: 'uuid', nullable: true })
  refId: string | null;
}

export type LedgerAccount = 'points' | 'stored_value';
/**
 * Why a balance changed; every kind belongs to a document:
 * `earn` / `payment` — a sale; `refund` — a refund (退货单) giving back part of its sale's points or
 * stored-value payment; `top_up` — a top-up (充值单); `top_up_reversal` — a top-up reversal (充值冲正单);
 * `reversal` — a sale's payment or a top-up undone because its document did not commit at the store;
 * `move_out` / `move_in` — a card replacement (补卡); `adjustment` — a manual adjustment at HQ (调整单,
 * with a reason); `redeem` — points taken off for a redemption.
 */
export const LEDGER_KIND_VALUES = ['earn', 'redeem', 'top_up', 'top_up_reversal', 'payment', 'reversal', 'refund', 'move_out', 'move_in', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KIND_VALUES)[number];

/**
 * 会员流水: every balance change of a card. `balance_after` of a card's last row equals its balance.
 * General on purpose (an account, a kind, the document's id and number, the document it points
 * back at): other stored-value instruments such as gift cards post here the same way.
 */
@Entity('member_ledger')
@Index('uq_member_ledger_ref', ['refId', 'kind', 'account'], { unique: true })
// a top-up is reversed at most once, whatever the reversal document's own id
@Index('uq_member_ledger_top_up_reversal', ['originalRefId'], { unique: true, where: `kind = 'top_up_reversal'` })
@Index('idx_member_ledger_original', ['originalRefId', 'account', 'kind'], { where: 'original_ref_id IS NOT NULL' })
@Index(['cardId', 'at'])
export class MemberLedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'card_id', type: 'uuid' })
  cardId: string;

  @Index()
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'varchar', length: 16 })
  account: LedgerAccount;

  @EnumTextColumn(LEDGER_KIND_VALUES, { length: 16 })
  kind: LedgerKind;

  /** the sale, payment, top-up or replacement UUID: the idempotency key */
  @Column({ name: 'ref_id', type: 'uuid' })
  refId: string;

  /** what was asked (sale amount for earn, points to redeem, money to pay or top up) */
  @Column({ ...MONEY_COLUMN })
  amount: string;

  @Column({ ...MONEY_COLUMN })
  delta: string;

  @Column({ name: 'balance_before', ...MONEY_COLUMN })
  balanceBefore: string;

  @Column({ name: 'balance_after', ...MONEY_COLUMN })
  balanceAfter: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Column({ name: 'tender_code', type: 'varchar', length: 16, nullable: true })
  tenderCode: string | null;

  /** the document this one gives back or undoes: the sale of a refund, the top-up of a reversal */
  @Column({ name: 'original_ref_id', type: 'uuid', nullable: true })
  originalRefId: string | null;

  /** the document's human number (receipt, refund, top-up or adjustment number) when it has one */
  @Column({ name: 'doc_no', type: 'varchar', length: 64, nullable: true })
  docNo: string | null;
}

export const MEMBERSHIP_ENTITIES = [MemberCardType, MemberCard, Member, MemberCardEvent, MemberLedgerEntry];
