import { Type } from '@nestjs/common';
import { CATALOG_ENTITIES, Warehouse } from '@chain-erp/shared';
import { HQ_TRANSFER_ENTITIES } from './transfer/hq-transfer.entities';

/** HQ's own entities (identity and documents come with the core module). */
export const HQ_ENTITIES: Type[] = [...CATALOG_ENTITIES, Warehouse, ...HQ_TRANSFER_ENTITIES];
