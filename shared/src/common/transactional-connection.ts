import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError, Repository } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { RequestContext } from './request-context';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * The one way services reach the database (Vendure's TransactionalConnection). Repositories come
 * from the context's transaction when there is one.
 */
@Injectable()
export class TransactionalConnection {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  manager(ctx: RequestContext): EntityManager {
    return ctx.manager ?? this.dataSource.manager;
  }

  repo<T extends ObjectLiteral>(ctx: RequestContext, entity: EntityTarget<T>): Repository<T> {
    return this.manager(ctx).getRepository(entity);
  }

  /**
   * Runs `work` in a transaction (joining the caller's if one is open). A serialization failure or
   * deadlock of a transaction started here is retried, because the whole unit of work is in `work`.
   */
  async withTransaction<T>(ctx: RequestContext, work: (ctx: RequestContext) => Promise<T>, options: { isolation?: IsolationLevel; retries?: number } = {}): Promise<T> {
    if (ctx.inTransaction) return work(ctx);
    const retries = options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        // READ COMMITTED is the server default: naming it costs a SET TRANSACTION round trip per transaction
        const run = (m: EntityManager) => work(ctx.withManager(m));
        return await (options.isolation && options.isolation !== 'READ COMMITTED' ? this.dataSource.transaction(options.isolation, run) : this.dataSource.transaction(run));
      } catch (e) {
        const code = (e as QueryFailedError & { driverError?: { code?: string } })?.driverError?.code;
        if (attempt < retries && code && RETRYABLE.has(code)) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        throw e;
      }
    }
  }
}
