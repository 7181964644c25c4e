import { Type } from '@nestjs/common';

/** HQ's own entities (identity and documents come with the core module). */
export const HQ_ENTITIES: Type[] = [];
