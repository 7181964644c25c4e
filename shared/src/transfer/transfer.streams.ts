/**
 * The registry of streams. A pull stream is a replicated HQ table: HQ's change-feed trigger records
 * its changes (one line in a migration), this declaration says who may see which rows and how a
 * store removes a row. A push stream is a kind of store record sent to HQ (a handler at HQ stores
 * and processes it). Adding a document type = one declaration here + a trigger or a handler.
 */

export interface PullStreamDef {
  /** stable name on the wire, e.g. `catalog.product` */
  name: string;
  table: string;
  /** primary key columns; a row's key on the wire is their values joined by ':' */
  key: Array<{ column: string; type: 'uuid' | 'text' }>;
  /** has `row_version`: apply skips a row whose version the store already has */
  versioned: boolean;
  /** what a store does with a row that left its scope or was deleted at HQ */
  removal: 'status' | 'delete';
  /**
   * SQL predicate on alias `t`: may this store see the row? Named parameters: :store (its org unit
   * id) and its data scope (:allCategories, :categoryIds, :allSuppliers, :supplierIds,
   * :allCustomers, :customerIds, :allUsers, :userIds).
   */
  visible: string;
  /** HQ-local columns that never travel (login counters and the like) */
  exclude?: string[];
  /** a change to a row outside the store's data scope is sent as a removal (it may have left it) */
  hideOutOfScope?: boolean;
  /**
   * SQL predicate over alias `t` (the store's row) and `EXCLUDED` (HQ's row): an update of a row the
   * store has applies only where it holds. For state a store reaches locally before HQ hears of it
   * (a card issued at the till): HQ's older row must not undo it.
   */
  applyWhere?: string;
  /** SQL predicate over alias `t`: a removal (or a snapshot's sweep) leaves the store's rows where it holds */
  keepWhere?: string;
}

const PRODUCT_IN_SCOPE = (alias: string) => `(:allCategories OR EXISTS (SELECT 1 FROM category c WHERE c.id = ${alias}.category_id AND c.path && :categoryIds::uuid[]))`;
const USER_IN_SCOPE = (alias: string) => `((:allUsers AND ${alias}.org_unit_id = :store) OR ${alias}.id = ANY(:userIds::uuid[]))`;

const ID = [{ column: 'id', type: 'uuid' as const }];

/** Card states a store reaches at its till (issue, and what follows) before HQ has processed them. */
const CARD_STATES_REACHED_AT_STORE = `('issued', 'lost', 'replaced')`;

/** In apply order: parents before children (a page is applied stream by stream in this order). */
export const PULL_STREAMS: PullStreamDef[] = [
  { name: 'identity.org-unit', table: 'org_unit', key: ID, versioned: true, removal: 'status', visible: `(t.id = :store OR t.kind = 'hq')` },
  { name: 'identity.org-settings', table: 'org_settings', key: [{ column: 'org_unit_id', type: 'uuid' }], versioned: true, removal: 'delete', visible: `t.org_unit_id = :store` },
  { name: 'identity.role', table: 'role', key: ID, versioned: true, removal: 'delete', visible: `(t.org_unit_id IS NULL OR t.org_unit_id = :store)` },
  {
    name: 'identity.user',
    table: 'app_user',
    key: ID,
    versioned: true,
    removal: 'status',
    visible: USER_IN_SCOPE('t'),
    exclude: ['failed_login_count', 'locked_until', 'last_login_at'],
    hideOutOfScope: true,
  },
  {
    name: 'identity.user-role',
    table: 'user_role',
    key: [
      { column: 'user_id', type: 'uuid' },
      { column: 'role_id', type: 'uuid' },
    ],
    versioned: false,
    removal: 'delete',
    visible: `EXISTS (SELECT 1 FROM app_user u WHERE u.id = t.user_id AND ${USER_IN_SCOPE('u')})`,
    hideOutOfScope: true,
  },
  { name: 'inventory.warehouse', table: 'warehouse', key: ID, versioned: true, removal: 'status', visible: `t.org_unit_id = :store` },
  // 库存调整原因: chain-wide; unversioned (rows are small), deleted at the store when deleted at HQ
  { name: 'inventory.stock-reason', table: 'stock_reason', key: [{ column: 'code', type: 'text' }], versioned: false, removal: 'delete', visible: 'true' },
  { name: 'catalog.unit', table: 'unit', key: ID, versioned: true, removal: 'status', visible: 'true' },
  { name: 'catalog.brand', table: 'brand', key: ID, versioned: true, removal: 'status', visible: 'true' },
  { name: 'catalog.payment-method', table: 'payment_method', key: ID, versioned: true, removal: 'status', visible: 'true' },
  { name: 'catalog.category', table: 'category', key: ID, versioned: true, removal: 'status', visible: `(:allCategories OR t.path && :categoryIds::uuid[])`, hideOutOfScope: true },
  {
    name: 'catalog.supplier',
    table: 'supplier',
    key: ID,
    versioned: true,
    removal: 'status',
    visible: `(:allSuppliers OR t.id = ANY(:supplierIds::uuid[]))`,
    hideOutOfScope: true,
  },
  {
    name: 'catalog.customer',
    table: 'customer',
    key: ID,
    versioned: true,
    removal: 'status',
    visible: `(:allCustomers OR t.id = ANY(:customerIds::uuid[]))`,
    hideOutOfScope: true,
  },
  { name: 'catalog.product', table: 'product', key: ID, versioned: true, removal: 'status', visible: PRODUCT_IN_SCOPE('t'), hideOutOfScope: true },
  {
    name: 'catalog.barcode',
    table: 'product_barcode',
    key: [{ column: 'barcode', type: 'text' }],
    versioned: true,
    removal: 'delete',
    visible: `EXISTS (SELECT 1 FROM product p WHERE p.id = t.product_id AND ${PRODUCT_IN_SCOPE('p')})`,
    hideOutOfScope: true,
  },
  {
    name: 'catalog.store-price',
    table: 'store_price',
    key: ID,
    versioned: true,
    removal: 'status',
    visible: `(t.store_id = :store AND EXISTS (SELECT 1 FROM product p WHERE p.id = t.product_id AND ${PRODUCT_IN_SCOPE('p')}))`,
    hideOutOfScope: true,
  },
  // 调价 and 促销 (docs/promotions.md): price-change schedule rows for this store or every store, of
  // products in scope; approved promotions for every store or naming this one. Never edited once
  // written (a stop sets stopped_at), deleted at the store when they leave its scope.
  {
    name: 'pricing.price-schedule',
    table: 'price_schedule',
    key: ID,
    versioned: true,
    removal: 'delete',
    visible: `((t.store_id IS NULL OR t.store_id = :store) AND EXISTS (SELECT 1 FROM product p WHERE p.id = t.product_id AND ${PRODUCT_IN_SCOPE('p')}))`,
    hideOutOfScope: true,
  },
  {
    name: 'pricing.promotion',
    table: 'promotion',
    key: ID,
    versioned: true,
    removal: 'delete',
    visible: `(t.status IN ('approved', 'stopped') AND (t.store_ids IS NULL OR cardinality(t.store_ids) = 0 OR :store::uuid = ANY(t.store_ids)))`,
    hideOutOfScope: true,
  },
  // 要货: HQ's decisions, shipments and settlements, each only to the store they concern (docs/replenishment.md)
  { name: 'replenishment.approval', table: 'replenishment_approval', key: ID, versioned: true, removal: 'delete', visible: `t.store_id = :store` },
  { name: 'replenishment.approval-line', table: 'replenishment_approval_line', key: ID, versioned: true, removal: 'delete', visible: `t.store_id = :store` },
  {
    name: 'replenishment.shipment',
    table: 'transfer_shipment',
    key: ID,
    versioned: true,
    removal: 'delete',
    visible: `(t.store_id = :store AND t.status IN ('posted', 'received'))`,
  },
  {
    name: 'replenishment.shipment-line',
    table: 'transfer_shipment_line',
    key: ID,
    versioned: true,
    removal: 'delete',
    visible: `(t.store_id = :store AND t.posted_at IS NOT NULL)`,
  },
  { name: 'replenishment.settlement', table: 'transfer_settlement', key: ID, versioned: true, removal: 'delete', visible: `t.store_id = :store` },
  {
    // 库存上下限 of the store's own warehouses, for products in its scope (the feed row names the store through the warehouse)
    name: 'inventory.stock-limit',
    table: 'stock_limit',
    key: [
      { column: 'warehouse_id', type: 'uuid' },
      { column: 'product_id', type: 'uuid' },
    ],
    versioned: false,
    removal: 'delete',
    visible: `(EXISTS (SELECT 1 FROM warehouse w WHERE w.id = t.warehouse_id AND w.org_unit_id = :store) AND EXISTS (SELECT 1 FROM product p WHERE p.id = t.product_id AND ${PRODUCT_IN_SCOPE('p')}))`,
    hideOutOfScope: true,
  },
  // 会员: card types for every store; blank cards only to the store owning them. Balances stay
  // behind: chain balances live at HQ's member center, 本店卡 balances at the store.
  { name: 'member.card-type', table: 'member_card_type', key: ID, versioned: true, removal: 'status', visible: 'true' },
  {
    name: 'member.card',
    table: 'member_card',
    key: ID,
    versioned: true,
    removal: 'delete',
    visible: `t.owner_store_id = :store`,
    exclude: ['points_balance', 'stored_value_balance'],
    hideOutOfScope: true,
    applyWhere: `NOT (t.state IN ${CARD_STATES_REACHED_AT_STORE} AND EXCLUDED.state IN ('made', 'assigned'))`,
    keepWhere: `t.state IN ${CARD_STATES_REACHED_AT_STORE}`,
  },
  // 代金券 allocated to stores (offline_redeemable), to each store it is valid at; the number never
  // travels (only its hash). HQ captures only such vouchers' changes (migration VoucherOffline).
  {
    name: 'voucher.voucher',
    table: 'voucher',
    key: ID,
    versioned: true,
    removal: 'delete',
    visible: `(t.offline_redeemable AND t.kind = 'voucher' AND (t.store_ids IS NULL OR cardinality(t.store_ids) = 0 OR :store::uuid = ANY(t.store_ids)))`,
    exclude: ['number'],
  },
];

export function pullStream(name: string): PullStreamDef | undefined {
  return PULL_STREAMS.find((s) => s.name === name);
}

export function pullStreamOfTable(table: string): PullStreamDef | undefined {
  return PULL_STREAMS.find((s) => s.table === table);
}

/** A row's key on the wire. */
export function rowKey(def: PullStreamDef, row: Record<string, unknown>): string {
  return def.key.map((k) => String(row[k.column])).join(':');
}

/** Store → HQ streams. The body is validated at HQ by the stream's handler (a class-validator DTO). */
export interface PushStreamDef {
  name: string;
  /** 中文 label for status screens */
  label: string;
  /**
   * The body field holding the record's document number (`SALE-S001-01-20261207-0031`): after a
   * restore HQ tells the store the highest number of each series it holds, so numbering resumes
   * past them (docs/backup.md "A restored store"). Every numbered document a store pushes names it.
   */
  numberField?: string;
  /** a restored store takes these records back from HQ as read-only history (sales, refunds, shift reports) */
  takeBack?: boolean;
}

/** A document number's series and position: `SALE-S001-01-20261207-0031` → series `SALE-S001-01-20261207`, 31. */
export function splitDocumentNumber(number: string): { series: string; docType: string; middle: string; day: string; n: number } | null {
  const m = /^([A-Z]{1,16})-(.{1,40})-(\d{8})-(\d{1,9})$/.exec(number);
  if (!m) return null;
  return { series: `${m[1]}-${m[2]}-${m[3]}`, docType: m[1], middle: m[2], day: m[3], n: Number(m[4]) };
}

export const PUSH_STREAMS: PushStreamDef[] = [
  // 门店日志: operational events of a store (setup, sync problems, notes), kept at HQ
  { name: 'store.event-log', label: '门店日志' },
  // 代金券 redeemed offline against the store's replica: before the sales that name them (docs/promotions.md)
  { name: 'voucher.redemption', label: '离线用券' },
  // 零售收银: sales before refunds (a refund names its sale), top-ups (a reversal names its top-up), then shift reports
  { name: 'pos.sale', label: '销售小票', numberField: 'receiptNo', takeBack: true },
  { name: 'pos.refund', label: '退货单', numberField: 'refundNo', takeBack: true },
  { name: 'pos.top-up', label: '充值单', numberField: 'topUpNo' },
  { name: 'pos.gift-card-sale', label: '礼品卡售卡单', numberField: 'saleNo' },
  { name: 'pos.shift-report', label: '交班报告', numberField: 'shiftNo', takeBack: true },
  // 要货申请, its withdrawal, 调拨入库 (docs/replenishment.md)
  { name: 'replenishment.request', label: '要货申请', numberField: 'number' },
  { name: 'replenishment.request-withdraw', label: '撤回要货申请' },
  { name: 'replenishment.receipt', label: '调拨入库', numberField: 'number' },
  { name: 'store-purchase.document', label: '门店采购', numberField: 'number' },
  // 库存预警: a store's daily alerts (inventory.alerts job), listed at HQ by GET /api/inventory/alerts?storeId=
  { name: 'inventory.stock-alert', label: '库存预警' },
  // 会员: cards issued at the till before the points earned on them
  { name: 'member.card-issue', label: '发卡' },
  { name: 'member.points', label: '会员积分' },
  // after the points they take back (a refund's points follow its sale's)
  { name: 'member.points-refund', label: '退货扣积分' },
  // a stored-value charge whose sale failed while HQ was away: undone at HQ once it is reachable
  { name: 'member.sv-reversal', label: '储值冲正' },
  // a voucher / gift-card redemption whose sale failed while HQ was away: undone at HQ once reachable
  { name: 'voucher.reversal', label: '券支付冲正' },
];

/** 库存预警 records carry at most this many alerts: a store's day is split into parts, so a push stays small */
export const STOCK_ALERTS_PER_RECORD = 500;

export function pushStream(name: string): PushStreamDef | undefined {
  return PUSH_STREAMS.find((s) => s.name === name);
}
