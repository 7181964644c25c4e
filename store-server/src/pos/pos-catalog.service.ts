import { Injectable } from '@nestjs/common';
import { Dec, dec, RequestContext } from '@chain-erp/shared';
import { PosCatalogRepository, PriceRow, ResolvedRow } from './pos-catalog.repository';
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
  constructor(private readonly repo: PosCatalogRepository) {}

  async byIds(ctx: RequestContext, storeId: string, at: Date, ids: string[]): Promise<Map<string, TillItem>> {
    if (!ids.length) return new Map();
    const rows = await this.repo.byIds(ctx, storeId, at, ids);
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
    const rows = await this.repo.resolve(ctx, storeId, at, keys.barcodes, codes, keys.ids);
    return resolvedLines(rows, labels);
  }

  async idsByCodes(ctx: RequestContext, codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await this.repo.idsByCodes(ctx, codes);
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /**
   * Barcodes → product ids. A code that is not a registered barcode is read as a weighed-goods
   * label; its product is found by the scale code (as printed, or without leading zeros).
   */
  async resolveBarcodes(ctx: RequestContext, barcodes: string[], layouts: WeighedBarcodeLayout[]): Promise<Map<string, { productId: string; embedded: WeighedBarcode | null }>> {
    const out = new Map<string, { productId: string; embedded: WeighedBarcode | null }>();
    if (!barcodes.length) return out;
    const known = await this.repo.barcodes(ctx, barcodes);
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
    const rows = await this.repo.search(ctx, text, like, limit);
    for (const r of rows) if (!ids.includes(r.id)) ids.push(r.id);
    const items = await this.byIds(ctx, storeId, at, ids.slice(0, limit));
    const stock = warehouseId ? await this.repo.onHand(ctx, warehouseId, ids) : [];
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
