import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RequestContext, StoreEventDto } from '@chain-erp/shared';
import { IsISO8601, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { PushHandlerRegistry } from './push-handlers';
import { PushRecordsRepository, StoreEventRow } from './push-records.repository';

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
    private readonly repo: PushRecordsRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register<StoreEventBody>({
      stream: 'store.event-log',
      dto: StoreEventBody,
      storeCodeOf: (b) => b.storeCode,
      process: (ctx: RequestContext, r) => this.repo.storeEvent(ctx, eventRow(r)),
      // the same rows in one statement (an offline store's backlog arrives in thousands)
      processBatch: async (ctx: RequestContext, records) => {
        await this.repo.storeEvents(ctx, records.map(eventRow));
      },
    });
  }
}

function eventRow(r: { id: string; storeId: string; body: StoreEventBody }): StoreEventRow {
  return { id: r.id, store_id: r.storeId, occurred_at: r.body.occurredAt, level: r.body.level, kind: r.body.kind, message: r.body.message, data: r.body.data ?? {} };
}
