import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, BackupModule, CoreModule, InventoryModule, PricingReadModule, ReplenishmentReportsModule, ReportsModule } from '@chain-erp/shared';
import { STORE_ENTITIES } from './entities';
import { StoreCatalogModule } from './catalog/store-catalog.module';
import { StoreIdentityModule } from './identity/store-identity.module';
import { STORE_JOBS } from './jobs';
import { STORE_MIGRATIONS } from './migrations';
import { StoreTransferModule } from './transfer/store-transfer.module';
import { StoreMembershipModule } from './membership/store-membership.module';
import { PosModule } from './pos/pos.module';
import { StoreReplenishmentModule } from './replenishment/replenishment.module';

@Module({})
export class StoreAppModule {
  static register(options: { config: AppConfig; databaseUrl: string; synchronize?: boolean }): DynamicModule {
    return {
      module: StoreAppModule,
      imports: [
        CoreModule.forRoot({ ...options, entities: STORE_ENTITIES, migrations: STORE_MIGRATIONS, jobs: STORE_JOBS }),
        StoreIdentityModule,
        StoreCatalogModule,
        InventoryModule.register({ site: 'store' }),
        StoreTransferModule,
        StoreReplenishmentModule,
        ReplenishmentReportsModule,
        BackupModule,
        StoreMembershipModule,
        PosModule,
        ReportsModule,
        PricingReadModule,
      ],
    };
  }
}
