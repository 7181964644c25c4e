import { Injectable, OnApplicationBootstrap, Type } from '@nestjs/common';
import { compileFlatValidator, FastCheck, PUSH_STREAMS, RequestContext } from '@chain-erp/shared';

/** A received store record, as a push handler sees it. */
export interface InboxRecord<T> {
  id: string;
  storeId: string;
  body: T;
}

/**
 * How HQ takes a push stream: the body's DTO (checked before anything is stored) and what to do
 * with a stored record (in the inbox job, in a transaction; it must be idempotent by record id).
 */
export interface PushHandler<T extends object = object> {
  stream: string;
  dto: Type<T>;
  /** a body may name the store it belongs to; it must be the signing store */
  storeCodeOf?(body: T): string | undefined;
  /** or by its org unit id; it must be the signing store's */
  storeIdOf?(body: T): string | undefined;
  process(ctx: RequestContext, record: InboxRecord<T>): Promise<void>;
  /**
   * Optional, for hot streams: several records of the stream (in arrival order) at once with
   * set-based SQL — the same end state as `process` for each in turn, and just as idempotent. If it
   * throws, the inbox job rolls it back and runs the records one by one with `process`, so a poison
   * record is named and isolated.
   */
  processBatch?(ctx: RequestContext, records: InboxRecord<T>[]): Promise<void>;
}

/**
 * Handlers by stream; modules register theirs at start-up (onModuleInit). Like the jobs, start-up
 * fails when a declared push stream (PUSH_STREAMS) has no handler or a handler names no declared
 * stream: a store's records would otherwise wait in HQ's inbox for a handler that never comes.
 */
@Injectable()
export class PushHandlerRegistry implements OnApplicationBootstrap {
  private readonly handlers = new Map<string, PushHandler>();
  private readonly checks = new Map<string, FastCheck | null>();

  register<T extends object>(handler: PushHandler<T>): void {
    if (this.handlers.has(handler.stream)) throw new Error(`push stream ${handler.stream} has two handlers`);
    this.handlers.set(handler.stream, handler);
    this.checks.set(handler.stream, compileFlatValidator(handler.dto));
  }

  /** The stream's compiled body check (flat DTOs), or null: then class-validator checks each body. */
  fastCheck(stream: string): FastCheck | null {
    return this.checks.get(stream) ?? null;
  }

  get(stream: string): PushHandler | undefined {
    return this.handlers.get(stream);
  }

  /** Runs after every module's onModuleInit, when all handlers are registered. */
  onApplicationBootstrap(): void {
    const declared = new Set(PUSH_STREAMS.map((s) => s.name));
    const missing = [...declared].filter((s) => !this.handlers.has(s));
    if (missing.length) throw new Error(`no HQ handler for push stream(s): ${missing.join(', ')}`);
    const unknown = [...this.handlers.keys()].filter((s) => !declared.has(s));
    if (unknown.length) throw new Error(`push handler(s) for undeclared stream(s): ${unknown.join(', ')} (declare them in PUSH_STREAMS)`);
  }
}
