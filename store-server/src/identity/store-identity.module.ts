import { Module } from '@nestjs/common';
import { OrgUnitsReadController, RolesReadController, UsersReadController } from '@chain-erp/shared';

/**
 * At a store, users, roles and org units are replicas pulled from HQ (so staff sign in while HQ
 * is down); they are read here and changed at HQ.
 */
@Module({
  controllers: [UsersReadController, RolesReadController, OrgUnitsReadController],
})
export class StoreIdentityModule {}
