import { Type } from '@nestjs/common';
import { CATALOG_ENTITIES, MEMBERSHIP_ENTITIES, Warehouse } from '@chain-erp/shared';
import { TransferOutbox } from './membership/transfer-outbox.entity';

/** The store's own entities (identity and documents come with the core module). */
export const STORE_ENTITIES: Type[] = [...CATALOG_ENTITIES, Warehouse, ...MEMBERSHIP_ENTITIES, TransferOutbox];
