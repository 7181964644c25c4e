import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, IdentitySeedService, OrgUnitsController, RolesController, UsersController } from '@chain-erp/shared';

/** HQ is the source of identity: full management of org units, users, roles and grants. */
@Module({
  controllers: [UsersController, RolesController, OrgUnitsController],
  providers: [IdentitySeedService],
})
export class HqIdentityModule implements OnApplicationBootstrap {
  constructor(
    private readonly seed: IdentitySeedService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seed.seedHq(this.config);
  }
}
