import { Membership1795451081223 } from './1795451081223-Membership';
import { Foundation1795449829025 } from './1795449829025-Foundation';
import { Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const HQ_MIGRATIONS: Type[] = [Foundation1795449829025, Membership1795451081223];
