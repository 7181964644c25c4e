import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig } from '@chain-erp/shared';
import { join } from 'node:path';
import { CatalogExportService } from './catalog-export.service';
import { CatalogImportService } from './catalog-import.service';
import { CatalogWriter } from './catalog-writer';
import { CATALOG_ENTITY_CONTROLLERS, CatalogImportsController, ProductBarcodeController } from './catalog.controllers';
import { CatalogRegistry } from './catalog.registry';
import { CategoryService } from './category.service';
import { ProductService } from './product.service';
import { StorePriceService } from './store-price.service';

/** 基本信息 at HQ: base data, its bulk import/export, and the audit trail query. */
@Module({
  imports: [
    // uploads go straight to disk under DATA_DIR (never buffered in memory), capped by UPLOAD_LIMIT_MB
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ dest: join(config.dataDir, 'uploads'), limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 20, parts: 30 } }),
    }),
  ],
  // the barcode route is registered before the generic ':id' routes of products
  controllers: [ProductBarcodeController, CatalogImportsController, ...CATALOG_ENTITY_CONTROLLERS],
  providers: [CatalogWriter, ProductService, CategoryService, StorePriceService, CatalogRegistry, CatalogExportService, CatalogImportService],
  exports: [CatalogRegistry, ProductService, CategoryService, StorePriceService],
})
export class CatalogModule {}
