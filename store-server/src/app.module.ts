import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, BackupModule, CoreModule, InventoryModule, ReportsModule } from '@chain-erp/shared';
import { STORE_ENTITIES } from './entities';
import { StoreIdentityModule } from './identity/store-identity.module';
import { STORE_JOBS } from './jobs';
import { STORE_MIGRATIONS } from './migrations';
import { StoreTransferModule } from './transfer/store-transfer.module';
import { StoreMembershipModule } from './membership/store-membership.module';
import { PosModule } from './pos/pos.module';

@Module({})
export class StoreAppModule {
  static register(options: { config: AppConfig; databaseUrl: string; synchronize?: boolean }): DynamicModule {
    return {
      module: StoreAppModule,
      imports: [
        CoreModule.forRoot({ ...options, entities: STORE_ENTITIES, migrations: STORE_MIGRATIONS, jobs: STORE_JOBS }),
        StoreIdentityModule,
        InventoryModule.register({ site: 'store' }),
        StoreTransferModule,
        BackupModule,
        StoreMembershipModule,
        PosModule,
        ReportsModule,
      ],
    };
  }
}
