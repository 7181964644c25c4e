import { Purchasing1795450681158 } from './1795450681158-Purchasing';
import { Foundation1795449829025 } from './1795449829025-Foundation';
import { Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const HQ_MIGRATIONS: Type[] = [Foundation1795449829025, Purchasing1795450681158];
