import { Foundation1795449832305 } from './1795449832305-Foundation';
import { Transfer1795450235404 } from './1795450235404-Transfer';
import { Inventory1795450404508 } from './1795450404508-Inventory';
import { Pos1795450761616 } from './1795450761616-Pos';
import { Membership1795451550676 } from './1795451550676-Membership';
import { Replenishment1795452193558 } from './1795452193558-Replenishment';
import { StorePurchasing1795452439052 } from './1795452439052-StorePurchasing';
import { Reports1795453614756 } from './1795453614756-Reports';
import { OutboxUnsentIndex1795463200000 } from './1795463200000-OutboxUnsentIndex';
import { MoneyDocuments1796617471225 } from './1796617471225-MoneyDocuments';
import { AccessSessions1796617534301 } from './1796617534301-AccessSessions';
import { RestoreRecovery1796617832224 } from './1796617832224-RestoreRecovery';
import { SupplierCustomerTerms1796618024506 } from './1796618024506-SupplierCustomerTerms';
import { PricingPromotions1796618462047 } from './1796618462047-PricingPromotions';
import { GiftCardSales1796649713295 } from './1796649713295-GiftCardSales';
import { VoucherOffline1796650000001 } from './1796650000001-VoucherOffline';
import { VoucherGiveBack1796650022001 } from './1796650022001-VoucherGiveBack';
import { type Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const STORE_MIGRATIONS: Type[] = [
  Foundation1795449832305,
  Transfer1795450235404,
  Inventory1795450404508,
  Pos1795450761616,
  Membership1795451550676,
  Replenishment1795452193558,
  StorePurchasing1795452439052,
  Reports1795453614756,
  OutboxUnsentIndex1795463200000,
  MoneyDocuments1796617471225,
  AccessSessions1796617534301,
  RestoreRecovery1796617832224,
  SupplierCustomerTerms1796618024506,
  PricingPromotions1796618462047,
  GiftCardSales1796649713295,
  VoucherOffline1796650000001,
  VoucherGiveBack1796650022001,
];
