import { type Type } from '@nestjs/common';
import {
  CATALOG_ENTITIES,
  GIFT_CARD_SALE_ENTITIES,
  INVENTORY_ENTITIES,
  MEMBERSHIP_ENTITIES,
  POS_DOCUMENT_ENTITIES,
  PRICING_ENTITIES,
  REPLENISHMENT_ENTITIES,
} from '@chain-erp/shared';
import { POS_STORE_ENTITIES } from './pos/pos-store.entity';
import { STORE_TRANSFER_ENTITIES } from './transfer/store-transfer.entity';
import { STORE_VOUCHER_ENTITIES } from './membership/store-voucher.entity';
import { STORE_REPLENISHMENT_ENTITIES } from './replenishment/replenishment-request.entity';

/** The store's own entities (identity and documents come with the core module). */
export const STORE_ENTITIES: Type[] = [
  ...CATALOG_ENTITIES,
  ...INVENTORY_ENTITIES,
  ...STORE_TRANSFER_ENTITIES,
  ...MEMBERSHIP_ENTITIES,
  ...POS_DOCUMENT_ENTITIES,
  ...POS_STORE_ENTITIES,
  ...REPLENISHMENT_ENTITIES,
  ...STORE_REPLENISHMENT_ENTITIES,
  ...PRICING_ENTITIES,
  ...GIFT_CARD_SALE_ENTITIES,
  ...STORE_VOUCHER_ENTITIES,
];
