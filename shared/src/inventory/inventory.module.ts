import { DynamicModule, Module, OnApplicationBootstrap, Type } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import {
  InventorySettingsController,
  InventorySettingsReadController,
  OtherIssuesController,
  OtherReceiptsController,
  StockAdjustmentsController,
  StockAlertsController,
  StockCountsController,
  StockQueriesController,
  StockReasonsController,
  StockReasonsReadController,
  WarehousesController,
  WarehousesReadController,
} from './inventory.controller';
import { InventoryLookupRepository } from './inventory-lookup.repository';
import { InventorySettingsService } from './inventory-settings.service';
import { StockAlertRepository } from './stock-alert.repository';
import { StockAlertService } from './stock-alert.service';
import { StockCountRepository } from './stock-count.repository';
import { StockCountService } from './stock-count.service';
import { StockDocumentService } from './stock-document.service';
import { StockQueryRepository } from './stock-query.repository';
import { StockQueryService } from './stock-query.service';
import { StockReasonService } from './stock-reason.service';
import { StockRepository } from './stock.repository';
import { StockService } from './stock.service';
import { WarehouseService } from './warehouse.service';
import { STOCK_DOCUMENT_ENTITIES } from './stock-document.entity';
import { StockAlert, StockBalance, StockBatch, StockLedger, StockLimit, StockReason } from './stock.entity';
import { Warehouse } from './warehouse.entity';

/** Entities of the inventory module (both servers hold the same tables in their own database). */
export const INVENTORY_ENTITIES: Type[] = [Warehouse, StockBalance, StockBatch, StockLedger, StockLimit, StockAlert, StockReason, ...STOCK_DOCUMENT_ENTITIES];

const SERVICES = [
  InventoryLookupRepository,
  StockCountRepository,
  StockAlertRepository,
  StockQueryRepository,
  StockRepository,
  StockService,
  WarehouseService,
  InventorySettingsService,
  StockReasonService,
  StockDocumentService,
  StockCountService,
  StockQueryService,
  StockAlertService,
];
const COMMON_CONTROLLERS = [StockAdjustmentsController, OtherReceiptsController, OtherIssuesController, StockCountsController, StockQueriesController, StockAlertsController];

/**
 * Inventory for both servers. HQ manages warehouses, settings and reasons of every org unit;
 * a store reads them (they arrive by sync) and runs its own stock documents.
 * Other modules inject `StockService` to move stock inside their own transactions.
 */
@Module({})
export class InventoryModule implements OnApplicationBootstrap {
  constructor(private readonly reasons: StockReasonService) {}

  static register(options: { site: 'hq' | 'store' }): DynamicModule {
    const siteControllers =
      options.site === 'hq'
        ? [WarehousesController, InventorySettingsController, StockReasonsController]
        : [WarehousesReadController, InventorySettingsReadController, StockReasonsReadController];
    return {
      module: InventoryModule,
      controllers: [...siteControllers, ...COMMON_CONTROLLERS],
      providers: SERVICES,
      exports: [StockService, WarehouseService, StockAlertService, StockQueryService],
      global: true,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reasons.seedDefaults(new RequestContext(null, 'seed:inventory'));
  }
}
