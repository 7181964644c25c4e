import { Module } from '@nestjs/common';
import {
  CATALOG_SPECS,
  catalogReadController,
  CatalogRegistry,
  CatalogWriter,
  CategoryService,
  ProductBarcodeController,
  ProductService,
  StorePriceService,
} from '@chain-erp/shared';

/**
 * 基本信息 at a store: the replica pulled from HQ (only what the store's data scope shows, and only
 * its own store prices), read with the same services and routes as HQ's; nothing is written here.
 */
@Module({
  // the barcode route is registered before the generic ':id' routes of products
  controllers: [ProductBarcodeController, ...CATALOG_SPECS.map(catalogReadController)],
  providers: [CatalogWriter, ProductService, CategoryService, StorePriceService, CatalogRegistry],
  exports: [CatalogRegistry, ProductService],
})
export class StoreCatalogModule {}
