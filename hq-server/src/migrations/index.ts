import { Foundation1795449322626 } from './1795449322626-Foundation';
import { Type } from '@nestjs/common';

/** HQ migrations, in order (classes, not globs, so the same list works from src/ and dist/). */
export const HQ_MIGRATIONS: Type[] = [Foundation1795449322626];
