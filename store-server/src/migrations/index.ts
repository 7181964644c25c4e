import { Inventory1795450404508 } from './1795450404508-Inventory';
import { Transfer1795450235404 } from './1795450235404-Transfer';
import { Foundation1795449832305 } from './1795449832305-Foundation';
import { Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const STORE_MIGRATIONS: Type[] = [Foundation1795449832305, Transfer1795450235404, Inventory1795450404508];
