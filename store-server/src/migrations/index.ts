import { StorePurchasing1795452439052 } from './1795452439052-StorePurchasing';
import { Replenishment1795452193558 } from './1795452193558-Replenishment';
import { Inventory1795450404508 } from './1795450404508-Inventory';
import { Transfer1795450235404 } from './1795450235404-Transfer';
import { Foundation1795449832305 } from './1795449832305-Foundation';
import { Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const STORE_MIGRATIONS: Type[] = [Foundation1795449832305, Inventory1795450404508, Transfer1795450235404, Replenishment1795452193558, StorePurchasing1795452439052];
