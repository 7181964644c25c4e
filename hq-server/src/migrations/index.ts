import { Transfer1795450230351 } from './1795450230351-Transfer';
import { Foundation1795449829025 } from './1795449829025-Foundation';
import { Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const HQ_MIGRATIONS: Type[] = [Foundation1795449829025, Transfer1795450230351];
