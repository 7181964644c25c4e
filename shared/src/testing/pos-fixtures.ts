import { type Dec, dec, OrgSettings, PaymentMethod, Product, ProductBarcode, RequestContext, StockService, StorePrice, Warehouse } from '../index';
import { seedStoreUser, type TestApp } from './index';
import { randomUUID } from 'node:crypto';

/**
 * A store as sync would have filled it: the org unit and users, a warehouse, products with
 * barcodes and prices, payment methods, org settings; plus opening stock through StockService.
 */
export interface PosStore {
  storeId: string;
  warehouseId: string;
  adminToken: string;
  cashierToken: string;
  products: Record<'cola' | 'bread' | 'milk' | 'apple' | 'last', Product>;
  methods: Record<'cash' | 'card' | 'mobile' | 'voucher' | 'stored', PaymentMethod>;
}

export async function seedPosStore(app: TestApp, options: { allowNegativeStock?: boolean; stock?: number } = {}): Promise<PosStore> {
  const ds = app.dataSource;
  const admin = await seedStoreUser(ds, { username: 's001-admin' });
  const cashier = await seedStoreUser(ds, { username: 's001-cashier', permissions: ['catalog.read', 'inventory.read', 'pos.sell', 'pos.shift', 'pos.journal.read', 'pos.refund'] });
  const warehouse = await ds.getRepository(Warehouse).save({ code: 'S001-01', name: '门店仓', orgUnitId: admin.storeId, kind: 'normal', status: 'active' } as Warehouse);
  await ds
    .getRepository(OrgSettings)
    .save({ orgUnitId: admin.storeId, allowNegativeStock: !!options.allowNegativeStock, allowStorePurchasing: false, memberCenterUrl: null, extra: {} } as OrgSettings);
  const product = (code: string, name: string, retail: string, member: string | null, weighed = false) =>
    ds
      .getRepository(Product)
      .save({ code, name, retailPrice: retail, memberPrice: member, purchasePrice: dec(retail).times('0.6').toFixed(2), weighed, status: 'active' } as Product);
  const products = {
    cola: await product('P001', '可乐 330ml', '3.50', '3.00'),
    bread: await product('P002', '全麦面包', '12.80', null),
    milk: await product('P003', '纯牛奶 1L', '9.90', '8.90'),
    apple: await product('10023', '红富士苹果', '12.00', null, true),
    last: await product('P005', '限量月饼', '88.00', null),
  };
  await ds.getRepository(ProductBarcode).save([
    { barcode: '6900000000011', productId: products.cola.id, isPrimary: true },
    { barcode: '6900000000028', productId: products.bread.id, isPrimary: true },
    { barcode: '6900000000035', productId: products.milk.id, isPrimary: true },
    { barcode: '6900000000059', productId: products.last.id, isPrimary: true },
  ] as ProductBarcode[]);
  // a store price for bread at this store
  await ds.getRepository(StorePrice).save({
    storeId: admin.storeId,
    productId: products.bread.id,
    retailPrice: '11.80',
    memberPrice: null,
    validFrom: '2020-01-01',
    validTo: null,
    status: 'active',
  } as StorePrice);
  const method = (code: string, name: string, type: PaymentMethod['type'], allowsChange: boolean, sortOrder: number) =>
    ds.getRepository(PaymentMethod).save({ code, name, type, allowsChange, enabled: true, sortOrder, status: 'active' } as PaymentMethod);
  const methods = {
    cash: await method('CASH', '现金', 'cash', true, 1),
    card: await method('CARD', '银行卡', 'card', false, 2),
    mobile: await method('WX', '微信支付', 'mobile', false, 3),
    // a paper coupon of a mall, counted like a card slip (HQ's own 代金券 need their number: system-test/test/vouchers.e2e-spec.ts)
    voucher: await method('VCH', '商场购物券', 'card', false, 4),
    stored: await method('SV', '储值卡', 'stored_value', false, 5),
  };
  const stock = app.app.get(StockService);
  const ctx = RequestContext.system({ id: admin.storeId, code: 'S001', kind: 'store' });
  const qty = options.stock ?? 1000;
  await stock.post(ctx, [
    ...[products.cola, products.bread, products.milk].map((p) => ({ warehouseId: warehouse.id, productId: p.id, quantity: qty, docType: 'OPENING', docId: randomUUID() })),
    { warehouseId: warehouse.id, productId: products.apple.id, quantity: '500.000', docType: 'OPENING', docId: randomUUID() },
    { warehouseId: warehouse.id, productId: products.last.id, quantity: 5, docType: 'OPENING', docId: randomUUID() },
  ]);
  return {
    storeId: admin.storeId,
    warehouseId: warehouse.id,
    adminToken: await app.login(admin.username, admin.password),
    cashierToken: await app.login(cashier.username, cashier.password),
    products,
    methods,
  };
}

export async function onHand(app: TestApp, warehouseId: string, productId: string): Promise<Dec> {
  const [row] = await app.dataSource.query('SELECT qty::text FROM stock_balance WHERE warehouse_id = $1 AND product_id = $2', [warehouseId, productId]);
  return dec(row?.qty ?? 0);
}

export async function count(app: TestApp, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [r] = await app.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return r.n;
}

/**
 * Member cards in the store's replica, as the card pull stream delivers them: a card type
 * (member prices, 1 point per yuan, stored value allowed) and cards of this store (issued unless said).
 */
export async function seedMemberCards(
  app: TestApp,
  storeId: string,
  cards: Array<{ cardNo: string; state?: string; scope?: 'chain' | 'store'; storedValue?: string }>,
): Promise<void> {
  const [type] = await app.dataSource.query(
    `INSERT INTO member_card_type (code, name, pricing, points_rate, stored_value_allowed, row_version) VALUES ('POSVIP', '会员卡', 'member_price', 1, true, 1)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id`,
  );
  for (const c of cards) {
    await app.dataSource.query(
      `INSERT INTO member_card (card_no, batch_id, card_type_id, scope, owner_store_id, state, issued_at, stored_value_balance, row_version) VALUES ($1, $2, $3, $4, $5, $6, now(), $7, 1)`,
      [c.cardNo, randomUUID(), type.id, c.scope ?? 'chain', storeId, c.state ?? 'issued', c.storedValue ?? '0'],
    );
  }
}
