import { Type } from '@nestjs/common';
import { CATALOG_ENTITIES, INVENTORY_ENTITIES, REPLENISHMENT_ENTITIES } from '@chain-erp/shared';
import { STORE_TRANSFER_ENTITIES } from './transfer/store-transfer.entities';

/** The store's own entities (identity and documents come with the core module). */
export const STORE_ENTITIES: Type[] = [...CATALOG_ENTITIES, ...INVENTORY_ENTITIES, ...REPLENISHMENT_ENTITIES, ...STORE_TRANSFER_ENTITIES];
