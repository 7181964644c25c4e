import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '../common/transactional-connection';
import { CatalogWriter } from './catalog-writer';
import { CatalogService } from './catalog.service';
import { BRAND_SPEC, CatalogEntityKey, CUSTOMER_SPEC, PAYMENT_METHOD_SPEC, SUPPLIER_SPEC, UNIT_SPEC } from './catalog.definitions';
import { CategoryService } from './category.service';
import { PartyCatalogService } from './party.service';
import { ProductService } from './product.service';
import { StorePriceService } from './store-price.service';

/** The service of each base-data entity: plain ones share the generic service, the rest extend it. */
@Injectable()
export class CatalogRegistry {
  private readonly services = new Map<CatalogEntityKey, CatalogService>();

  constructor(connection: TransactionalConnection, writer: CatalogWriter, products: ProductService, categories: CategoryService, prices: StorePriceService) {
    for (const spec of [BRAND_SPEC, UNIT_SPEC, PAYMENT_METHOD_SPEC]) this.services.set(spec.key, new CatalogService(spec, connection, writer));
    for (const spec of [SUPPLIER_SPEC, CUSTOMER_SPEC]) this.services.set(spec.key, new PartyCatalogService(spec, connection, writer));
    for (const s of [products, categories, prices] as CatalogService[]) this.services.set(s.spec.key, s);
  }

  get(key: CatalogEntityKey): CatalogService {
    return this.services.get(key)!;
  }
}
