import { Injectable } from '@nestjs/common';
import { Dec, dec, localToday, queryRows, RequestContext, scheduledPriceSql, TransactionalConnection } from '@chain-erp/shared';
import { parseWeighedBarcode, WeighedBarcode, WeighedBarcodeLayout } from './weighed-barcode';

/** A product as the till sells it at this store at a moment. */
export interface TillItem {
  productId: string;
  code: string;
  name: string;
  weighed: boolean;
  status: string;
  /** a 调价单 in force at the moment, else the store price (门店价格) valid that day, else the product's retail price */
  retailPrice: Dec;
  retailSource: 'price_change' | 'store' | 'retail';
  memberPrice: Dec | null;
  barcode: string | null;
  /** read from a weighed-goods label */
  embedded: WeighedBarcode | null;
  /** for promotions: the category and its ancestors, the brand */
  categoryPath: string[];
  brandId: string | null;
}

/** What a sale's lines name: barcodes (registered or weighed labels), product codes and ids. */
export interface LineKeys {
  barcodes: string[];
  codes: string[];
  ids: string[];
}

export interface ResolvedLines {
  byBarcode: Map<string, TillItem>;
  byCode: Map<string, TillItem>;
  byId: Map<string, TillItem>;
}

export interface PriceRow {
  id: string;
  code: string;
  name: string;
  weighed: boolean;
  status: string;
  retail_price: string;
  member_price: string | null;
  store_retail: string | null;
  store_member: string | null;
  change_retail: string | null;
  change_member: string | null;
  brand_id: string | null;
  category_path: string[] | null;
}

export const PRICE_COLUMNS = `p.id, p.code, p.name, p.weighed, p.status, p.retail_price::text, p.member_price::text,
       sp.retail_price::text AS store_retail, sp.member_price::text AS store_member,
       pr.retail_price::text AS change_retail, pm.member_price::text AS change_member, p.brand_id, c.path AS category_path`;

// the store price valid on a day (门店价格), newest first, and the price changes in force at a moment;
// $1 = store, $2 = day, `at` = the moment's parameter
export const priceJoins = (at: string) => `LEFT JOIN LATERAL (
         SELECT s.retail_price, s.member_price FROM store_price s
         WHERE s.store_id = $1 AND s.product_id = p.id AND s.status = 'active' AND s.valid_from <= $2::date AND (s.valid_to IS NULL OR s.valid_to >= $2::date)
         ORDER BY s.valid_from DESC LIMIT 1) sp ON true
       LEFT JOIN LATERAL (${scheduledPriceSql('retail_price', '$1', 'p.id', at)}) pr ON true
       LEFT JOIN LATERAL (${scheduledPriceSql('member_price', '$1', 'p.id', at)}) pm ON true
       LEFT JOIN category c ON c.id = p.category_id`;

/** A row of `RESOLVE_SQL`: a key the sale named (barcode, code or id) and its product priced. */
export type ResolvedRow = PriceRow & { key: string; kind: 'b' | 'c' | 'i' };

/**
 * The products and prices of a sale's keys: $1 store, $2 day, $3 barcodes, $4 product codes,
 * $5 product ids, $6 the moment (timestamptz). Also a CTE body in the sale's first statement
 * (`PosSaleRepository.context`).
 */
export const RESOLVE_SQL = `WITH k AS (
         SELECT b.barcode AS key, 'b' AS kind, b.product_id AS id FROM product_barcode b WHERE b.barcode = ANY($3::varchar[])
         UNION ALL SELECT c.code, 'c', c.id FROM product c WHERE c.code = ANY($4::varchar[])
         UNION ALL SELECT i.id::text, 'i', i.id FROM product i WHERE i.id = ANY($5::uuid[]))
       SELECT k.key, k.kind, ${PRICE_COLUMNS} FROM k JOIN product p ON p.id = k.id ${priceJoins('$6::timestamptz')}`;

const scaleCodes = (w: WeighedBarcode) => [w.code, w.code.replace(/^0+/, '') || '0'];

/** The rows by kind of key; an unregistered barcode read as a label takes the product of its scale code. */
function resolvedLines(rows: ResolvedRow[], labels: Array<{ b: string; w: WeighedBarcode }>): ResolvedLines {
  const out: ResolvedLines = { byBarcode: new Map(), byCode: new Map(), byId: new Map() };
  for (const r of rows) (r.kind === 'b' ? out.byBarcode : r.kind === 'c' ? out.byCode : out.byId).set(r.key, tillItem(r));
  for (const { b, w } of labels) {
    if (out.byBarcode.has(b)) continue;
    const [asPrinted, trimmed] = scaleCodes(w);
    const item = out.byCode.get(asPrinted) ?? out.byCode.get(trimmed);
    if (item) out.byBarcode.set(b, { ...item, embedded: w });
  }
  return out;
}

/**
 * Product look-up for the till over the replicas sync fills (product, barcodes, store prices):
 * barcode (incl. weighed labels), code or name. A whole sale resolves in one query (`resolve`).
 */
@Injectable()
export class PosCatalogService {
  constructor(private readonly connection: TransactionalConnection) {}

  async byIds(ctx: RequestContext, storeId: string, at: Date, ids: string[]): Promise<Map<string, TillItem>> {
    if (!ids.length) return new Map();
    const rows = await queryRows<PriceRow>(this.connection.manager(ctx), `SELECT ${PRICE_COLUMNS} FROM product p ${priceJoins('$4::timestamptz')} WHERE p.id = ANY($3::uuid[])`, [
      storeId,
      localToday(at),
      ids,
      at,
    ]);
    return new Map(rows.map((r) => [r.id, tillItem(r)]));
  }

  /**
   * Everything a sale's lines name, with today's prices, in one query. A barcode that is not
   * registered is read as a weighed-goods label: its scale code (as printed, or without leading
   * zeros) is looked up among product codes in the same query. A registered barcode wins.
   *
   * `prefetched`: the rows of `RESOLVE_SQL` for the keys as given, read by the caller in a
   * statement of its own (the sale's first read). They answer unless a barcode they do not know
   * may be a weighed label — then the scale codes need the full query.
   */
  async resolve(ctx: RequestContext, storeId: string, at: Date, keys: LineKeys, layouts: WeighedBarcodeLayout[], prefetched?: ResolvedRow[]): Promise<ResolvedLines> {
    const labels = keys.barcodes.map((b) => ({ b, w: parseWeighedBarcode(b, layouts) })).filter((x): x is { b: string; w: WeighedBarcode } => !!x.w);
    if (prefetched) {
      const registered = new Set(prefetched.filter((r) => r.kind === 'b').map((r) => r.key));
      if (labels.every(({ b }) => registered.has(b))) return resolvedLines(prefetched, []);
    }
    const codes = [...new Set([...keys.codes, ...labels.flatMap(({ w }) => scaleCodes(w))])];
    if (!keys.barcodes.length && !codes.length && !keys.ids.length) return resolvedLines([], []);
    const rows = await queryRows<ResolvedRow>(this.connection.manager(ctx), RESOLVE_SQL, [storeId, localToday(at), keys.barcodes, codes, keys.ids, at], { prepared: true });
    return resolvedLines(rows, labels);
  }

  async idsByCodes(ctx: RequestContext, codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await queryRows<{ id: string; code: string }>(this.connection.manager(ctx), 'SELECT id, code FROM product WHERE code = ANY($1::varchar[])', [codes]);
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /**
   * Barcodes → product ids. A code that is not a registered barcode is read as a weighed-goods
   * label; its product is found by the scale code (as printed, or without leading zeros).
   */
  async resolveBarcodes(ctx: RequestContext, barcodes: string[], layouts: WeighedBarcodeLayout[]): Promise<Map<string, { productId: string; embedded: WeighedBarcode | null }>> {
    const out = new Map<string, { productId: string; embedded: WeighedBarcode | null }>();
    if (!barcodes.length) return out;
    const m = this.connection.manager(ctx);
    const known = await queryRows<{ barcode: string; product_id: string }>(m, 'SELECT barcode, product_id FROM product_barcode WHERE barcode = ANY($1::varchar[])', [barcodes]);
    for (const r of known) out.set(r.barcode, { productId: r.product_id, embedded: null });
    const labels = barcodes
      .filter((b) => !out.has(b))
      .map((b) => ({ b, w: parseWeighedBarcode(b, layouts) }))
      .filter((x) => x.w);
    if (labels.length) {
      const candidates = [...new Set(labels.flatMap(({ w }) => [w!.code, w!.code.replace(/^0+/, '') || '0']))];
      const byCode = await this.idsByCodes(ctx, candidates);
      for (const { b, w } of labels) {
        const id = byCode.get(w!.code) ?? byCode.get(w!.code.replace(/^0+/, '') || '0');
        if (id) out.set(b, { productId: id, embedded: w });
      }
    }
    return out;
  }

  /** Till search: exact barcode or code first, then names containing the text. With stock on hand. */
  async search(ctx: RequestContext, storeId: string, at: Date, warehouseId: string | null, q: string, layouts: WeighedBarcodeLayout[], limit = 20) {
    const text = q.trim();
    const ids: string[] = [];
    const byBarcode = await this.resolveBarcodes(ctx, [text], layouts);
    const hit = byBarcode.get(text);
    if (hit) ids.push(hit.productId);
    const like = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const rows = await queryRows<{ id: string }>(
      this.connection.manager(ctx),
      `SELECT id FROM product WHERE status <> 'disabled' AND (code = $1 OR name ILIKE $2 OR short_name ILIKE $2)
       ORDER BY (code = $1) DESC, code LIMIT $3`,
      [text, like, limit],
    );
    for (const r of rows) if (!ids.includes(r.id)) ids.push(r.id);
    const items = await this.byIds(ctx, storeId, at, ids.slice(0, limit));
    const stock = warehouseId
      ? await queryRows<{ product_id: string; qty: string }>(
          this.connection.manager(ctx),
          'SELECT product_id, qty::text FROM stock_balance WHERE warehouse_id = $1 AND product_id = ANY($2::uuid[])',
          [warehouseId, ids],
        )
      : [];
    const onHand = new Map(stock.map((s) => [s.product_id, dec(s.qty).toString()]));
    return ids
      .map((id) => items.get(id))
      .filter((i): i is TillItem => !!i && i.status !== 'disabled')
      .map((i) => ({
        productId: i.productId,
        code: i.code,
        name: i.name,
        weighed: i.weighed,
        retailPrice: i.retailPrice.toFixed(2),
        priceSource: i.retailSource,
        memberPrice: i.memberPrice?.toFixed(2) ?? null,
        onHand: onHand.get(i.productId) ?? '0',
        barcode: hit && hit.productId === i.productId ? text : null,
        embedded: hit && hit.productId === i.productId && hit.embedded ? { kind: hit.embedded.layout.kind, value: hit.embedded.value.toString() } : null,
      }));
  }
}

export function tillItem(r: PriceRow): TillItem {
  return {
    productId: r.id,
    code: r.code,
    name: r.name,
    weighed: r.weighed,
    status: r.status,
    retailPrice: dec(r.change_retail ?? r.store_retail ?? r.retail_price),
    retailSource: r.change_retail !== null ? 'price_change' : r.store_retail !== null ? 'store' : 'retail',
    memberPrice: r.change_member !== null ? dec(r.change_member) : r.store_member !== null ? dec(r.store_member) : r.member_price !== null ? dec(r.member_price) : null,
    barcode: null,
    embedded: null,
    categoryPath: r.category_path ?? [],
    brandId: r.brand_id,
  };
}
