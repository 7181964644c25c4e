import { Type } from '@nestjs/common';
import { CATALOG_ENTITIES, StockBalance, StockBatch, StockLedger, Warehouse } from '@chain-erp/shared';
import { PURCHASING_ENTITIES } from './purchasing/purchasing.entities';

/** HQ's own entities (identity and documents come with the core module). */
export const HQ_ENTITIES: Type[] = [...CATALOG_ENTITIES, Warehouse, StockBalance, StockBatch, StockLedger, ...PURCHASING_ENTITIES];
