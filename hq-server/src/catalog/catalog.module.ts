import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig, CatalogRegistry, CatalogWriter, CategoryService, ProductBarcodeController, ProductService, StorePriceService } from '@chain-erp/shared';
import { join } from 'node:path';
import { CatalogExportService } from './catalog-export.service';
import { CatalogImportRepository } from './catalog-import.repository';
import { CatalogImportService } from './catalog-import.service';
import { CATALOG_ENTITY_CONTROLLERS, CatalogImportsController } from './catalog.controller';

/** 基本信息 at HQ: base data, its bulk import/export, and the audit trail query. */
@Module({
  imports: [
    // uploads go straight to disk under DATA_DIR (never buffered in memory), capped by UPLOAD_LIMIT_MB,
    // then to the file store (RemoveUpload removes the temporary file);
    // file names are UTF-8 as browsers and curl send them (busboy's default reads them as Latin-1)
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        dest: join(config.dataDir, 'uploads'),
        limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 20, parts: 30 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  // the barcode route is registered before the generic ':id' routes of products
  controllers: [ProductBarcodeController, CatalogImportsController, ...CATALOG_ENTITY_CONTROLLERS],
  providers: [CatalogWriter, ProductService, CategoryService, StorePriceService, CatalogRegistry, CatalogExportService, CatalogImportRepository, CatalogImportService],
  exports: [CatalogRegistry, ProductService, CategoryService, StorePriceService],
})
export class CatalogModule {}
