import { Type } from '@nestjs/common';
import { CATALOG_ENTITIES, POS_DOCUMENT_ENTITIES, Warehouse } from '@chain-erp/shared';

/** HQ's own entities (identity and documents come with the core module). */
export const HQ_ENTITIES: Type[] = [...CATALOG_ENTITIES, Warehouse, ...POS_DOCUMENT_ENTITIES];
