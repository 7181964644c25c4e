import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { OperationLog } from './documents.entity';
import { AuthUser } from '../common/request-context';
import { insertRows } from '../common/sql';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const pendingWrites = new Set<Promise<void>>();

/** Waits for log rows still being written (called before the database closes). */
export async function flushOperationLog(): Promise<void> {
  while (pendingWrites.size) await Promise.allSettled([...pendingWrites]);
}

/**
 * Group commit for log rows: while one INSERT is in flight, rows finishing meanwhile wait and go
 * together in the next one. A quiet server writes each row at once; a busy one (8 tills selling)
 * pays one commit per batch instead of one per request — the log's own commit had cost as much as
 * the sale's.
 */
class LogWriter {
  private queue: Array<Partial<OperationLog>> = [];
  private busy = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  add(row: Partial<OperationLog>): void {
    this.queue.push(row);
    if (!this.busy) this.drain();
  }

  private drain(): void {
    const rows = this.queue.splice(0, 500);
    if (!rows.length || !this.dataSource.isInitialized) {
      this.busy = false;
      return;
    }
    this.busy = true;
    // one fixed statement (rows as one JSON parameter, prepared): TypeORM's insert() built the SQL
    // anew per batch and read back ids and times nobody uses
    const write: Promise<void> = insertRows(this.dataSource.manager, [{ entity: OperationLog, rows }], { prepared: true })
      .then(() => undefined)
      .catch((err) => this.logger.warn({ err: err.message, rows: rows.length }, 'could not write operation log'))
      .finally(() => {
        pendingWrites.delete(write);
        this.drain();
      });
    pendingWrites.add(write);
  }
}

/**
 * 操作日志: one row per mutating request — who, what, when, result — written when the response is
 * finished, whatever the outcome (a request refused by a guard is logged too, which is why this is
 * a middleware and not an interceptor). Query strings are dropped.
 */
@Injectable()
export class OperationLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('OperationLog');
  private readonly writer: LogWriter;

  constructor(dataSource: DataSource) {
    this.writer = new LogWriter(dataSource, this.logger);
  }

  use(req: Request & { user?: AuthUser; id?: unknown }, res: Response, next: NextFunction): void {
    if (MUTATING.has(req.method)) {
      const started = Date.now();
      res.once('finish', () => {
        const row: Partial<OperationLog> = {
          userId: req.user?.id ?? null,
          username: req.user?.username ?? null,
          orgUnitId: req.user?.orgUnitId ?? null,
          method: req.method,
          path: req.originalUrl.split('?')[0].slice(0, 300),
          route: (req.route?.path as string | undefined)?.slice(0, 200) ?? null,
          statusCode: res.statusCode,
          errorCode: (res.locals?.errorCode as string | undefined) ?? null,
          durationMs: Date.now() - started,
          ip: req.ip?.slice(0, 64) ?? null,
          requestId: req.id ? String(req.id).slice(0, 64) : null,
        };
        this.writer.add(row);
      });
    }
    next();
  }
}
