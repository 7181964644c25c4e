import { Membership1795451550676 } from './1795451550676-Membership';
import { Foundation1795449832305 } from './1795449832305-Foundation';
import { Type } from '@nestjs/common';

/** Migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const STORE_MIGRATIONS: Type[] = [Foundation1795449832305, Membership1795451550676];
