import { Type } from '@nestjs/common';
import { CATALOG_ENTITIES, POS_DOCUMENT_ENTITIES, StockBalance, StockBatch, StockLedger, Warehouse } from '@chain-erp/shared';
import { POS_STORE_ENTITIES } from './pos/pos-store.entities';
import { TransferOutboxRow } from './pos/table-outbox.writer';

/** The store's own entities (identity and documents come with the core module). */
export const STORE_ENTITIES: Type[] = [...CATALOG_ENTITIES, Warehouse, StockBalance, StockBatch, StockLedger, ...POS_DOCUMENT_ENTITIES, ...POS_STORE_ENTITIES, TransferOutboxRow];
