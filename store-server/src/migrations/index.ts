import { Pos1795450761616 } from './1795450761616-Pos';
import { PosStockTables1795450750033 } from './1795450750033-PosStockTables';
import { Foundation1795449832305 } from './1795449832305-Foundation';
import { Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const STORE_MIGRATIONS: Type[] = [Foundation1795449832305, PosStockTables1795450750033, Pos1795450761616];
