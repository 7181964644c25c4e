import { ApiPagedResponse, ApiSort } from '../common/http/api-contract';
import { IsPlainText } from '../common/text';
import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { defineSort, LogPageQueryDto, Page, paginate } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { assertPeriod, scopeQuery } from '../common/scope';
import { AuditLog } from './documents.entity';

export const AUDIT_SORT = defineSort({ at: 'a.at', id: 'a.id' }, '-at,-id');

export class AuditQueryDto extends LogPageQueryDto {
  @ApiPropertyOptional({ example: 'product', description: 'e.g. product, supplier, category, user, org_unit' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/)
  entityType?: string;

  @ApiPropertyOptional({ description: 'id of the record' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'who made the change' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ example: 'update', description: 'create, update, disable, approve, post, …' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/)
  action?: string;
}

/** The audit trail of one record (or one kind of record), newest first. A store sees its own org's entries. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly connection: TransactionalConnection) {}

  list(ctx: RequestContext, q: AuditQueryDto): Promise<Page<AuditLog>> {
    const qb = this.connection.repo(ctx, AuditLog).createQueryBuilder('a');
    scopeQuery(ctx, qb, 'a.org_unit_id', q.orgUnitId);
    if (q.entityType) qb.andWhere('a.entity_type = :type', { type: q.entityType });
    if (q.entityId) qb.andWhere('a.entity_id = :id', { id: q.entityId });
    if (q.userId) qb.andWhere('a.user_id = :userId', { userId: q.userId });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    assertPeriod(q);
    if (q.from) qb.andWhere('a.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.at < :to', { to: q.to });
    return paginate(qb, q, AUDIT_SORT);
  }
}

@ApiTags('系统设置')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission('system.audit.read')
  @ApiOperation({ summary: 'Audit trail (审计记录) with field-level before/after; filters: entity, user, action, period (a store sees its own)' })
  @ApiPagedResponse(AuditLog)
  @ApiSort(AUDIT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: AuditQueryDto) {
    return this.audit.list(ctx, q);
  }
}
