import { PricingModule } from './pricing/pricing.module';
import { VoucherModule } from './vouchers/voucher.module';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, BackupModule, CoreModule, InventoryModule, ReplenishmentReportsModule, StorageModule } from '@chain-erp/shared';
import { CatalogModule } from './catalog/catalog.module';
import { HQ_ENTITIES } from './entities';
import { HqIdentityModule } from './identity/hq-identity.module';
import { HQ_JOBS } from './jobs';
import { HQ_MIGRATIONS } from './migrations';
import { HqTransferModule } from './transfer/hq-transfer.module';
import { PurchasingModule } from './purchasing/purchasing.module';
import { MembershipModule } from './membership/membership.module';
import { PosInboxModule } from './pos/pos-inbox.module';
import { ReplenishmentModule } from './replenishment/replenishment.module';
import { HqReportsModule } from './reports/hq-reports.module';
import { SettlementModule } from './settlement/settlement.module';
import { WholesaleModule } from './wholesale/wholesale.module';

@Module({})
export class HqAppModule {
  static register(options: { config: AppConfig; databaseUrl: string; synchronize?: boolean }): DynamicModule {
    return {
      module: HqAppModule,
      imports: [
        CoreModule.forRoot({ ...options, entities: HQ_ENTITIES, migrations: HQ_MIGRATIONS, jobs: HQ_JOBS }),
        HqIdentityModule,
        StorageModule,
        CatalogModule,
        InventoryModule.register({ site: 'hq' }),
        HqTransferModule,
        PurchasingModule,
        ReplenishmentModule,
        ReplenishmentReportsModule,
        BackupModule,
        MembershipModule,
        PosInboxModule,
        HqReportsModule,
        SettlementModule,
        WholesaleModule,
        PricingModule,
        VoucherModule,
      ],
    };
  }
}
