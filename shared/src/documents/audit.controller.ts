import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Ctx, RequirePermission } from '../common/http/decorators';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditLog } from './documents.entities';

export class AuditQueryDto extends PageQueryDto {
  @ApiProperty({ example: 'product', description: 'e.g. product, supplier, category, user, org_unit' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/)
  entityType: string;

  @ApiPropertyOptional({ description: 'id of the record' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;
}

/** The audit trail of one record (or one kind of record), newest first. A store sees its own org's entries. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly connection: TransactionalConnection) {}

  list(ctx: RequestContext, q: AuditQueryDto): Promise<Page<AuditLog>> {
    const qb = this.connection.repo(ctx, AuditLog).createQueryBuilder('a').where('a.entity_type = :type', { type: q.entityType });
    if (q.entityId) qb.andWhere('a.entity_id = :id', { id: q.entityId });
    if (ctx.storeId) qb.andWhere('a.org_unit_id = :own', { own: ctx.storeId });
    return paginate(qb, q, { at: 'a.at', id: 'a.id' }, '-at,-id');
  }
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission('system.audit.read')
  @ApiOperation({ summary: 'Audit trail (审计记录) with field-level before/after, e.g. ?entityType=product&entityId=…' })
  list(@Ctx() ctx: RequestContext, @Query() q: AuditQueryDto) {
    return this.audit.list(ctx, q);
  }
}
