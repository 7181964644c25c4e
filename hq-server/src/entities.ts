import { type Type } from '@nestjs/common';
import {
  STORAGE_ENTITIES,
  CATALOG_ENTITIES,
  INVENTORY_ENTITIES,
  MEMBERSHIP_ENTITIES,
  POS_DOCUMENT_ENTITIES,
  PRICING_ENTITIES,
  REPLENISHMENT_ENTITIES,
  VOUCHER_ENTITIES,
  GIFT_CARD_SALE_ENTITIES,
  VOUCHER_VOID_ENTITIES,
  VoucherException,
  VoucherExceptionResolution,
} from '@chain-erp/shared';
import { PRICE_CHANGE_ENTITIES } from './pricing/price-change.entity';
import { CATALOG_IMPORT_ENTITIES } from './catalog/catalog-import.entity';
import { HQ_TRANSFER_ENTITIES } from './transfer/hq-transfer.entity';
import { PURCHASING_ENTITIES } from './purchasing/purchasing.entity';
import { MemberCardBatch } from './membership/card-batch.entity';
import { MemberAdjustment } from './membership/member-adjustment.entity';
import { SETTLEMENT_ENTITIES } from './settlement/settlement.entity';
import { WHOLESALE_ENTITIES } from './wholesale/wholesale.entity';

/** HQ's own entities (identity and documents come with the core module). */
export const HQ_ENTITIES: Type[] = [
  ...CATALOG_ENTITIES,
  ...INVENTORY_ENTITIES,
  ...CATALOG_IMPORT_ENTITIES,
  ...HQ_TRANSFER_ENTITIES,
  ...PURCHASING_ENTITIES,
  ...MEMBERSHIP_ENTITIES,
  MemberCardBatch,
  MemberAdjustment,
  ...POS_DOCUMENT_ENTITIES,
  ...REPLENISHMENT_ENTITIES,
  ...SETTLEMENT_ENTITIES,
  ...WHOLESALE_ENTITIES,
  ...PRICING_ENTITIES,
  ...PRICE_CHANGE_ENTITIES,
  ...VOUCHER_ENTITIES,
  ...GIFT_CARD_SALE_ENTITIES,
  ...VOUCHER_VOID_ENTITIES,
  VoucherException,
  VoucherExceptionResolution,
  ...STORAGE_ENTITIES,
];
