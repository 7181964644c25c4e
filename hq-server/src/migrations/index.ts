import { Foundation1795449829025 } from './1795449829025-Foundation';
import { Transfer1795450230351 } from './1795450230351-Transfer';
import { CatalogImports1795450390208 } from './1795450390208-CatalogImports';
import { Inventory1795450398888 } from './1795450398888-Inventory';
import { PosInbox1795450999201 } from './1795450999201-PosInbox';
import { Membership1795451081223 } from './1795451081223-Membership';
import { Purchasing1795451577208 } from './1795451577208-Purchasing';
import { TransferInventory1795452115620 } from './1795452115620-TransferInventory';
import { Replenishment1795452176474 } from './1795452176474-Replenishment';
import { StorePurchasing1795452417565 } from './1795452417565-StorePurchasing';
import { MemberTransfer1795453511843 } from './1795453511843-MemberTransfer';
import { Reports1795453586987 } from './1795453586987-Reports';
import { TransferCaptureInserts1795462834461 } from './1795462834461-TransferCaptureInserts';
import { InboxReceivedIndex1795463200000 } from './1795463200000-InboxReceivedIndex';
import { MoneyDocuments1796617426084 } from './1796617426084-MoneyDocuments';
import { AccessSessions1796617487136 } from './1796617487136-AccessSessions';
import { RestoreRecovery1796617527008 } from './1796617527008-RestoreRecovery';
import { ImportHeaderRow1796617717574 } from './1796617717574-ImportHeaderRow';
import { WholesaleSettlement1796617962064 } from './1796617962064-WholesaleSettlement';
import { PricingPromotions1796618404752 } from './1796618404752-PricingPromotions';
import { Vouchers1796626917080 } from './1796626917080-Vouchers';
import { StoredFiles1796638784586 } from './1796638784586-StoredFiles';
import { VoucherPercent1796640347155 } from './1796640347155-VoucherPercent';
import { GiftCardSalesAndVoids1796649603506 } from './1796649603506-GiftCardSalesAndVoids';
import { VoucherOffline1796650000000 } from './1796650000000-VoucherOffline';
import { VoucherExceptionResolution1796650022000 } from './1796650022000-VoucherExceptionResolution';
import { InboxStoreOrder1796650023000 } from './1796650023000-InboxStoreOrder';
import { type Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const HQ_MIGRATIONS: Type[] = [
  Foundation1795449829025,
  Transfer1795450230351,
  CatalogImports1795450390208,
  Inventory1795450398888,
  PosInbox1795450999201,
  Membership1795451081223,
  Purchasing1795451577208,
  TransferInventory1795452115620,
  Replenishment1795452176474,
  StorePurchasing1795452417565,
  MemberTransfer1795453511843,
  Reports1795453586987,
  TransferCaptureInserts1795462834461,
  InboxReceivedIndex1795463200000,
  MoneyDocuments1796617426084,
  AccessSessions1796617487136,
  RestoreRecovery1796617527008,
  ImportHeaderRow1796617717574,
  WholesaleSettlement1796617962064,
  PricingPromotions1796618404752,
  Vouchers1796626917080,
  StoredFiles1796638784586,
  VoucherPercent1796640347155,
  GiftCardSalesAndVoids1796649603506,
  VoucherOffline1796650000000,
  VoucherExceptionResolution1796650022000,
  InboxStoreOrder1796650023000,
];
