import { TransferInventory1795452115620 } from './1795452115620-TransferInventory';
import { Purchasing1795451577208 } from './1795451577208-Purchasing';
import { CatalogImports1795450390208 } from './1795450390208-CatalogImports';
import { Inventory1795450398888 } from './1795450398888-Inventory';
import { Transfer1795450230351 } from './1795450230351-Transfer';
import { Foundation1795449829025 } from './1795449829025-Foundation';
import { Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const HQ_MIGRATIONS: Type[] = [Foundation1795449829025, CatalogImports1795450390208, Inventory1795450398888, Transfer1795450230351, Purchasing1795451577208, TransferInventory1795452115620];
