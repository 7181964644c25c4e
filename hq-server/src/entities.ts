import { Type } from '@nestjs/common';
import { CATALOG_ENTITIES, MEMBERSHIP_ENTITIES, Warehouse } from '@chain-erp/shared';
import { MemberCardBatch } from './membership/card-batch.entity';

/** HQ's own entities (identity and documents come with the core module). */
export const HQ_ENTITIES: Type[] = [...CATALOG_ENTITIES, Warehouse, ...MEMBERSHIP_ENTITIES, MemberCardBatch];
