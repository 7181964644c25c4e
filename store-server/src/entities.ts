import { Type } from '@nestjs/common';

/** The store's own entities (identity and documents come with the core module). */
export const STORE_ENTITIES: Type[] = [];
