import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError, Repository } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { RequestContext } from './request-context';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * What a unit of work decided about its transaction (`TransactionalConnection.decide`): keep what
 * it did, or give it back — a dry run, a retry found out inside — and answer `value` either way.
 */
export type Decision<T> = { commit: true; value: T } | { commit: false; value: T };
export const Decision = {
  commit: <T>(value: T): Decision<T> => ({ commit: true, value }),
  rollBack: <T>(value: T): Decision<T> => ({ commit: false, value }),
};

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

  /**
   * Like `withTransaction`, but the work decides by its result whether the transaction is kept:
   * `Decision.rollBack(value)` gives back everything it did (numbers taken, rows locked or written)
   * and answers `value` — no exception as control flow. Inside an open transaction it runs in a
   * savepoint, so a roll-back gives back only its own work.
   */
  async decide<T>(ctx: RequestContext, work: (ctx: RequestContext) => Promise<Decision<T>>, options: { retries?: number } = {}): Promise<T> {
    if (ctx.inTransaction) {
      const m = this.manager(ctx);
      await m.query('SAVEPOINT decide');
      let d: Decision<T>;
      try {
        d = await work(ctx);
      } catch (e) {
        // the work's error is the one to report, not a failure of the roll-back behind it
        await m
          .query('ROLLBACK TO SAVEPOINT decide')
          .then(() => m.query('RELEASE SAVEPOINT decide'))
          .catch(() => undefined);
        throw e;
      }
      // a savepoint rolled back is released too: one left open per call fills the backend's subtransaction cache
      if (!d.commit) await m.query('ROLLBACK TO SAVEPOINT decide');
      await m.query('RELEASE SAVEPOINT decide');
      return d.value;
    }
    const retries = options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        await runner.startTransaction();
        const d = await work(ctx.withManager(runner.manager));
        if (d.commit) await runner.commitTransaction();
        else await runner.rollbackTransaction();
        return d.value;
      } catch (e) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        const code = (e as QueryFailedError & { driverError?: { code?: string } })?.driverError?.code;
        if (attempt < retries && code && RETRYABLE.has(code)) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        throw e;
      } finally {
        await runner.release();
      }
    }
  }
}
