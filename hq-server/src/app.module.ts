import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule } from '@chain-erp/shared';
import { HQ_ENTITIES } from './entities';
import { HqIdentityModule } from './identity/hq-identity.module';
import { HQ_JOBS } from './jobs';
import { HQ_MIGRATIONS } from './migrations';
import { PosInboxModule } from './pos/pos-inbox.module';

@Module({})
export class HqAppModule {
  static register(options: { config: AppConfig; databaseUrl: string; synchronize?: boolean }): DynamicModule {
    return {
      module: HqAppModule,
      imports: [
        CoreModule.forRoot({ ...options, entities: HQ_ENTITIES, migrations: HQ_MIGRATIONS, jobs: HQ_JOBS }),
        HqIdentityModule,
        PosInboxModule,
      ],
    };
  }
}
