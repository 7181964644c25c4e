import { Foundation1795449325864 } from './1795449325864-Foundation';
import { Type } from '@nestjs/common';

/** Store migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const STORE_MIGRATIONS: Type[] = [Foundation1795449325864];
