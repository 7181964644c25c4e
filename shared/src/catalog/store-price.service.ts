import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { scopeQuery } from '../common/scope';
import { StorePrice } from './catalog.entity';
import { TransactionalConnection } from '../common/transactional-connection';
import { SelectQueryBuilder } from 'typeorm';
import { CatalogWriter, WriteItem } from './catalog-writer';
import { CatalogError } from './catalog.errors';
import { CatalogListQuery, CatalogService, SaveInput } from './catalog.service';
import { STORE_PRICE_SPEC } from './catalog.definitions';

export interface StorePriceListQuery extends CatalogListQuery {
  storeId?: string;
  productId?: string;
  /** prices valid on this day */
  activeOn?: string;
}

/** 门店价格: a store's own retail/member price over a validity period. A store sees only its own. */
@Injectable()
export class StorePriceService extends CatalogService<StorePrice> {
  constructor(connection: TransactionalConnection, writer: CatalogWriter) {
    super(STORE_PRICE_SPEC, connection, writer);
  }

  protected override filter(ctx: RequestContext, qb: SelectQueryBuilder<StorePrice>, q: StorePriceListQuery): void {
    scopeQuery(ctx, qb, 't.store_id', q.storeId);
    if (q.productId) qb.andWhere('t.product_id = :product', { product: q.productId });
    if (q.activeOn) qb.andWhere("t.valid_from <= :on AND (t.valid_to IS NULL OR t.valid_to >= :on) AND t.status = 'active'", { on: q.activeOn });
  }

  protected override async check(
    _ctx: RequestContext,
    items: Array<{ input: SaveInput; item: WriteItem }>,
    fail: (ref: number, column: string, code: string, message: string) => void,
  ): Promise<void> {
    for (const { input, item } of items) {
      const { validFrom, validTo } = item.after as { validFrom: string; validTo: string | null };
      if (validTo && validTo < validFrom) fail(input.ref, 'validTo', CatalogError.CATALOG_INVALID_INPUT, 'the end date is before the start date / 失效日期早于生效日期');
    }
  }
}
