import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { queryRows, RequestContext, StoreEventDto, TransactionalConnection } from '@chain-erp/shared';
import { IsISO8601, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { PushHandlerRegistry } from './push-handlers';

/** Body of a 门店日志 record: the event as the store took it, with when and from which store. */
export class StoreEventBody extends StoreEventDto {
  @ApiProperty({ description: 'when it happened at the store' })
  @IsISO8601({ strict: true })
  occurredAt: string;

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
      // the same rows in one statement (an offline store's backlog arrives in thousands)
      processBatch: async (ctx: RequestContext, records) => {
        const rows = records.map((r) => ({
          id: r.id,
          store_id: r.storeId,
          occurred_at: r.body.occurredAt,
          level: r.body.level,
          kind: r.body.kind,
          message: r.body.message,
          data: r.body.data ?? {},
        }));
        await this.connection.manager(ctx).query(
          `INSERT INTO store_event (id, store_id, occurred_at, level, kind, message, data)
           SELECT r.id, r.store_id, r.occurred_at, r.level, r.kind, r.message, r.data
             FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, store_id uuid, occurred_at timestamptz, level varchar, kind varchar, message varchar, data jsonb)
           ON CONFLICT (id) DO NOTHING`,
          [JSON.stringify(rows)],
        );
      },
    });
  }
}
