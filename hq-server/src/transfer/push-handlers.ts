import { Injectable, Logger, OnApplicationBootstrap, Type } from '@nestjs/common';
import { CommonError, compileFlatValidator, DomainException, FastCheck, flattenValidationErrors, PUSH_STREAMS, RequestContext, TransferError } from '@chain-erp/shared';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

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
  private readonly logger = new Logger('PushHandlers');

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

  /**
   * A record's body as its stream takes it today: the DTO's rules and the store it names (it must be
   * `own`, the sending store). The push checks every record with it before storing; a retry from
   * 门店传输管理 checks the stored body again, so an old record meets the same rules as a new one.
   * `at` names the record in the fields (`records.3`). Returns the body as the handler's DTO.
   */
  check(r: { id: string; stream: string; body: object }, own: { storeId: string; storeCode: string }, at: string): object {
    const handler = this.handlers.get(r.stream);
    if (!handler)
      throw new DomainException(TransferError.TRANSFER_UNKNOWN_STREAM, `unknown push stream ${r.stream} / 未知的传输类型`, [{ field: `${at}.stream`, message: 'unknown stream' }]);
    // a flat DTO's compiled check passes the body as it is (plainToInstance would only copy it);
    // otherwise, or when it finds fault, class-validator judges and names the fields
    const fast = this.fastCheck(r.stream)?.(r.body) === true;
    const dto = fast ? r.body : plainToInstance(handler.dto, r.body);
    // sync: the per-decorator promises of validate() were most of a 500-record push's time (push DTOs use sync validators only)
    const errors = fast ? [] : validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length) {
      throw new DomainException(CommonError.VALIDATION_FAILED, `record ${r.id} is invalid / 记录内容有误`, flattenValidationErrors(errors, `${at}.body`).slice(0, 50), {
        recordId: r.id,
      });
    }
    const claims = [
      { field: 'storeCode', claimed: handler.storeCodeOf?.(dto), own: own.storeCode },
      { field: 'storeId', claimed: handler.storeIdOf?.(dto), own: own.storeId },
    ];
    for (const c of claims) {
      if (c.claimed === undefined || c.claimed === c.own) continue;
      this.logger.warn({ store: own.storeCode, claimed: c.claimed, id: r.id }, 'record refused: a record of another store');
      throw new DomainException(TransferError.TRANSFER_OTHER_STORE, 'a store can only send its own records / 不能发送其他门店的数据', [
        { field: `${at}.body.${c.field}`, message: 'another store' },
      ]);
    }
    return dto;
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
