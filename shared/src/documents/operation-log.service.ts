import { ApiPagedResponse, ApiSort } from '../common/http/api-contract';
import { IsPlainText } from '../common/text';
import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { defineSort, LogPageQueryDto, Page, paginate } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { assertPeriod, scopeQuery } from '../common/scope';
import { TransactionalConnection } from '../common/transactional-connection';
import { OperationLog } from './documents.entity';

export const OPERATION_LOG_SORT = defineSort({ at: 'l.at', statusCode: 'l.statusCode', durationMs: 'l.durationMs' }, '-at');

export class OperationLogQueryDto extends LogPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ enum: ['POST', 'PUT', 'PATCH', 'DELETE'] })
  @IsOptional()
  @IsIn(['POST', 'PUT', 'PATCH', 'DELETE'])
  method?: string;

  @ApiPropertyOptional({ description: 'part of the path, e.g. /api/users' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(200)
  path?: string;

  @ApiPropertyOptional({ description: 'only failures (status ≥ 400) or only successes' })
  @IsOptional()
  @IsIn(['success', 'failure'])
  outcome?: 'success' | 'failure';

  @ApiPropertyOptional({ example: 403 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(599)
  statusCode?: number;
}

/** 操作日志 viewer: who did what, when, with which result. */
@Injectable()
export class OperationLogService {
  constructor(private readonly connection: TransactionalConnection) {}

  list(ctx: RequestContext, q: OperationLogQueryDto): Promise<Page<OperationLog>> {
    const qb = this.connection.repo(ctx, OperationLog).createQueryBuilder('l');
    scopeQuery(ctx, qb, 'l.org_unit_id', q.orgUnitId);
    if (q.userId) qb.andWhere('l.user_id = :userId', { userId: q.userId });
    if (q.method) qb.andWhere('l.method = :method', { method: q.method });
    if (q.path) qb.andWhere('l.path LIKE :path', { path: `%${q.path.replace(/[\\%_]/g, (c) => '\\' + c)}%` });
    if (q.outcome) qb.andWhere(q.outcome === 'failure' ? 'l.status_code >= 400' : 'l.status_code < 400');
    if (q.statusCode) qb.andWhere('l.status_code = :sc', { sc: q.statusCode });
    assertPeriod(q);
    if (q.from) qb.andWhere('l.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('l.at < :to', { to: q.to });
    return paginate(qb, q, OPERATION_LOG_SORT);
  }
}

@ApiTags('系统设置')
@Controller('operation-log')
export class OperationLogController {
  constructor(private readonly log: OperationLogService) {}

  @Get()
  @RequirePermission('system.audit.read')
  @ApiOperation({ summary: '操作日志: mutating requests with who, when, result (a store sees its own)' })
  @ApiPagedResponse(OperationLog)
  @ApiSort(OPERATION_LOG_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: OperationLogQueryDto) {
    return this.log.list(ctx, q);
  }
}
