import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PushHandlerRegistry } from './push-handlers';

/** Body of a 门店日志 record. */
export class StoreEventBody {
  @ApiProperty({ description: 'when it happened at the store' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiProperty({ enum: ['info', 'warn', 'error'] })
  @IsIn(['info', 'warn', 'error'])
  level: 'info' | 'warn' | 'error';

  @ApiProperty({ example: 'setup.done' })
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{0,63}$/)
  kind: string;

  @ApiProperty()
  @IsString()
  @Length(1, 500)
  message: string;

  @ApiPropertyOptional({ description: 'the store the event belongs to (must be the sender)' })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  storeCode?: string;

  @ApiPropertyOptional({ type: Object })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}

/** The first push stream: stores' operational events, kept at HQ per store. */
@Injectable()
export class StoreEventLogHandler implements OnModuleInit {
  constructor(
    private readonly registry: PushHandlerRegistry,
    private readonly connection: TransactionalConnection,
  ) {}

  onModuleInit(): void {
    this.registry.register<StoreEventBody>({
      stream: 'store.event-log',
      dto: StoreEventBody,
      storeCodeOf: (b) => b.storeCode,
      process: async (ctx: RequestContext, r) => {
        await queryRows(
          this.connection.manager(ctx),
          `INSERT INTO store_event (id, store_id, occurred_at, level, kind, message, data) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
          [r.id, r.storeId, r.body.occurredAt, r.body.level, r.body.kind, r.body.message, r.body.data ?? {}],
        );
      },
    });
  }
}
