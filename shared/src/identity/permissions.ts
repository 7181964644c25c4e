/**
 * The permission catalogue: every code a role can be granted, with labels users see. Modules add
 * their codes here so that one list drives role editing, the guard and the Swagger extension.
 * `hq: true` marks an HQ-level permission: what it allows is decided at HQ for the whole chain
 * (base data, warehouses, inventory settings, opening stores, approving and shipping requests, the
 * job dashboard …), so only a user of HQ can use it — a store user holding it through a role does not
 * have it (the guard, `/auth/me` and grant checks all use `effectivePermissions`).
 */
export const PERMISSIONS = {
  // identity
  'identity.org.read': { zh: '查看机构', en: 'View org units' },
  'identity.org.write': { zh: '维护机构', en: 'Manage org units', hq: true },
  'identity.user.read': { zh: '查看用户', en: 'View users' },
  'identity.user.write': { zh: '维护用户', en: 'Manage users' },
  'identity.role.read': { zh: '查看角色', en: 'View roles' },
  'identity.role.write': { zh: '维护角色与授权', en: 'Manage roles and grants' },
  'system.audit.read': { zh: '查看操作日志', en: 'View audit trail and operation log' },
  'system.backup': { zh: '数据备份', en: 'Back up data' },
  'system.jobs': { zh: '任务队列面板', en: 'Job queue dashboard', hq: true },
  // base data
  'catalog.read': { zh: '查看基本信息', en: 'View base data' },
  'catalog.supplier.write': { zh: '维护供应商', en: 'Manage suppliers', hq: true },
  'catalog.category.write': { zh: '维护类别', en: 'Manage categories', hq: true },
  'catalog.product.write': { zh: '维护商品', en: 'Manage products', hq: true },
  'catalog.customer.write': { zh: '维护客户', en: 'Manage customers', hq: true },
  'catalog.payment-method.write': { zh: '维护付款方式', en: 'Manage payment methods', hq: true },
  'catalog.price.write': { zh: '维护门店价格', en: 'Manage store prices', hq: true },
  'catalog.import': { zh: '导入基本信息', en: 'Import base data', hq: true },
  // inventory
  'inventory.read': { zh: '查看库存', en: 'View stock' },
  'inventory.warehouse.write': { zh: '维护仓库', en: 'Manage warehouses', hq: true },
  'inventory.adjust': { zh: '库存调整/报损', en: 'Stock adjustments and write-offs' },
  'inventory.adjust.approve': { zh: '审核库存调整', en: 'Approve stock adjustments' },
  'inventory.other': { zh: '其他出入库', en: 'Other receipts and issues' },
  'inventory.count': { zh: '盘点', en: 'Stock counts' },
  'inventory.count.post': { zh: '盘点过账', en: 'Post stock counts' },
  'inventory.settings': { zh: '库存设置', en: 'Inventory settings', hq: true },
  // purchasing
  'purchase.read': { zh: '查看采购', en: 'View purchasing' },
  'purchase.order.write': { zh: '编制采购订单', en: 'Write purchase orders' },
  'purchase.order.approve': { zh: '审核采购订单', en: 'Approve purchase orders' },
  'purchase.order.approve.high': { zh: '审核大额采购订单', en: 'Approve high-value purchase orders' },
  'purchase.receipt.write': { zh: '验收入库', en: 'Goods receipts' },
  'purchase.receipt.without-order': { zh: '无订单收货', en: 'Receive without an order' },
  'purchase.receipt.over-tolerance': { zh: '超量收货', en: 'Receive beyond tolerance' },
  'purchase.return.write': { zh: '采购退货', en: 'Purchase returns' },
  'purchase.late-entry': { zh: '遗失补录', en: 'Late entry of lost documents' },
  'purchase.settings': { zh: '采购设置', en: 'Purchasing settings' },
  // replenishment
  'replenishment.read': { zh: '查看要货', en: 'View replenishment' },
  'replenishment.request.write': { zh: '要货申请', en: 'Write replenishment requests' },
  'replenishment.approve': { zh: '要货确认', en: 'Approve replenishment requests', hq: true },
  'replenishment.ship': { zh: '调拨出库', en: 'Transfer shipments', hq: true },
  'replenishment.receive': { zh: '调拨入库', en: 'Transfer receipts' },
  'replenishment.settings': { zh: '要货设置', en: 'Replenishment settings (variance settlement)', hq: true },
  'store-purchase.read': { zh: '查看门店采购', en: 'View store purchasing' },
  'store-purchase.write': { zh: '门店自行采购', en: 'Store purchasing (where HQ allows it)' },
  // store org / transfer
  'store.open': { zh: '开新店', en: 'Open a new store', hq: true },
  'store.transfer.manage': { zh: '门店传输管理', en: 'Manage store transfer settings', hq: true },
  'store.setup': { zh: '门店系统初始化', en: 'Store setup' },
  'sync.run': { zh: '执行传输', en: 'Run a sync' },
  // POS
  'pos.settings': { zh: '收银设置', en: 'Checkout settings' },
  'pos.sell': { zh: '商品销售', en: 'Sell' },
  'pos.shift': { zh: '开始营业/交班', en: 'Open and hand over shifts' },
  'pos.reconcile': { zh: '收银对账', en: 'Cash reconciliation' },
  'pos.void-line': { zh: '删除商品行', en: 'Void a line' },
  'pos.discount.override': { zh: '超限折扣', en: 'Discount beyond the limit' },
  'pos.price.override': { zh: '改价', en: 'Override a price' },
  'pos.refund': { zh: '退货', en: 'Refund' },
  'pos.refund.no-receipt': { zh: '无小票退货', en: 'Refund without a receipt' },
  'pos.reprint': { zh: '重打小票', en: 'Reprint a receipt' },
  'pos.open-drawer': { zh: '开钱箱', en: 'Open drawer without a sale' },
  'pos.journal.read': { zh: '收银查询', en: 'Cashier journal' },
  // membership
  'member.read': { zh: '查看会员', en: 'View members' },
  'member.card-batch.write': { zh: '制卡', en: 'Make card batches', hq: true },
  'member.card.issue': { zh: '发卡', en: 'Issue cards' },
  'member.card.manage': { zh: '卡务管理', en: 'Manage cards (lost, replace, void, move)' },
  'member.stored-value': { zh: '储值充值', en: 'Stored value: top-ups at the till' },
  'member.top-up.reverse': { zh: '充值冲正', en: 'Reverse a top-up' },
  'member.adjust': { zh: '会员余额调整', en: 'Adjust a card’s points or stored value (HQ, with a reason)' },
  'member.settings': { zh: '会员设置', en: 'Member settings' },
  // wholesale (批发)
  'wholesale.read': { zh: '查看批发', en: 'View wholesale', hq: true },
  'wholesale.order.write': { zh: '编制批发订单', en: 'Write wholesale orders', hq: true },
  'wholesale.order.approve': { zh: '审核批发订单', en: 'Approve wholesale orders', hq: true },
  'wholesale.order.approve.credit': { zh: '超信用额度审批', en: 'Approve wholesale orders beyond the credit limit', hq: true },
  'wholesale.delivery.write': { zh: '批发出库', en: 'Wholesale deliveries', hq: true },
  'wholesale.return.write': { zh: '批发退货', en: 'Wholesale returns', hq: true },
  'wholesale.price.write': { zh: '维护客户协议价', en: 'Manage customer contract prices', hq: true },
  // settlement (结算)
  'settlement.read': { zh: '查看结算（应收应付、对账单）', en: 'View receivables, payables and statements' },
  'settlement.receipt.write': { zh: '收款（客户、门店）', en: 'Record receipts from customers and stores', hq: true },
  'settlement.payment.write': { zh: '编制付款单', en: 'Write supplier payments', hq: true },
  'settlement.payment.approve': { zh: '审核付款单', en: 'Approve supplier payments', hq: true },
  'settlement.allocate': { zh: '核销', en: 'Allocate payments and credits', hq: true },
  'settlement.statement.write': { zh: '对账单', en: 'Statements (create, send, record confirmation)', hq: true },
  'settlement.supplier.write': { zh: '代销/联营结算', en: 'Consignment and concession settlements', hq: true },
  'settlement.store.write': { zh: '门店结算', en: 'Store settlement (stored value)', hq: true },
  'settlement.store.confirm': { zh: '门店确认对账单', en: "Confirm or dispute the store's own statement" },
  'settlement.settings': { zh: '结算设置', en: 'Settlement settings (store transfer markup)', hq: true },
  // prices and promotions
  'pricing.read': { zh: '查看调价与促销', en: 'View price changes and promotions' },
  'pricing.price-change.write': { zh: '编制调价单', en: 'Write price changes', hq: true },
  'pricing.price-change.approve': { zh: '审核调价单', en: 'Approve price changes', hq: true },
  'pricing.promotion.write': { zh: '维护促销', en: 'Write promotions', hq: true },
  'pricing.promotion.approve': { zh: '审核/停止促销', en: 'Approve and stop promotions', hq: true },
  'voucher.read': { zh: '查看代金券/礼品卡', en: 'View vouchers and gift cards (batches, look-up, ledger)', hq: true },
  'voucher.issue': { zh: '发行代金券/礼品卡', en: 'Issue voucher and gift-card batches', hq: true },
  // reports
  'report.read': { zh: '查看报表', en: 'View reports' },
} as const satisfies Record<string, { zh: string; en: string; hq?: true }>;

export type PermissionCode = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as PermissionCode[];

export function isPermissionCode(code: string): code is PermissionCode {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, code);
}

/** Permissions only an HQ user can use (see the catalogue's `hq: true`). */
export const HQ_LEVEL_PERMISSIONS: ReadonlySet<PermissionCode> = new Set(ALL_PERMISSIONS.filter((p) => (PERMISSIONS[p] as { hq?: true }).hq === true));

/**
 * What a user can really do: the known codes of its roles, without the HQ-level ones for a user of
 * a store. Sorted, without repeats.
 */
export function effectivePermissions(granted: Iterable<string>, orgKind: 'hq' | 'store'): PermissionCode[] {
  const out = new Set<PermissionCode>();
  for (const p of granted) if (isPermissionCode(p) && (orgKind === 'hq' || !HQ_LEVEL_PERMISSIONS.has(p))) out.add(p);
  return [...out].sort();
}

/** Built-in role templates seeded at HQ (chain-wide roles). */
export const BUILT_IN_ROLES: Record<string, { name: string; permissions: readonly PermissionCode[] }> = {
  'hq-admin': { name: '总部管理员 HQ administrator', permissions: ALL_PERMISSIONS },
  // everything a store can use, but approving purchase orders and backups (HQ runs them)
  'store-admin': {
    name: '门店管理员 Store administrator',
    permissions: ALL_PERMISSIONS.filter((p) => !HQ_LEVEL_PERMISSIONS.has(p) && !p.startsWith('purchase.order.approve') && p !== 'system.backup' && p !== 'member.adjust'),
  },
  cashier: {
    name: '收银员 Cashier',
    permissions: ['catalog.read', 'inventory.read', 'pos.sell', 'pos.shift', 'pos.journal.read', 'member.read', 'member.card.issue', 'member.stored-value'],
  },
  purchaser: {
    name: '采购员 Purchaser',
    permissions: ['catalog.read', 'inventory.read', 'purchase.read', 'purchase.order.write', 'purchase.receipt.write', 'purchase.return.write', 'report.read'],
  },
  wholesale: {
    name: '批发业务员 Wholesale clerk',
    permissions: [
      'catalog.read',
      'inventory.read',
      'wholesale.read',
      'wholesale.order.write',
      'wholesale.delivery.write',
      'wholesale.return.write',
      'settlement.read',
      'report.read',
    ],
  },
  finance: {
    name: '财务 Finance',
    permissions: [
      'catalog.read',
      'purchase.read',
      'wholesale.read',
      'wholesale.order.approve',
      'wholesale.order.approve.credit',
      'wholesale.price.write',
      'report.read',
      ...ALL_PERMISSIONS.filter((p) => p.startsWith('settlement.') && p !== 'settlement.store.confirm'),
    ],
  },
};
