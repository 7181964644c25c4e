import { PosInbox1795450999201 } from './1795450999201-PosInbox';
import { Foundation1795449829025 } from './1795449829025-Foundation';
import { Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const HQ_MIGRATIONS: Type[] = [Foundation1795449829025, PosInbox1795450999201];
