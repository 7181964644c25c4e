import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { StoreRestoreService } from './store-restore.service';

/** What a restored, unreconciled store still does: sign in, sync and reconcile, set up, back up. */
const ALWAYS_OPEN = [/^\/api\/auth\//, /^\/api\/sync(\/|$)/, /^\/api\/setup(\/|$)/, /^\/api\/transfer\/local\//, /^\/api\/admin\/backups(\/|$)/];

/**
 * The gate of a restored store (docs/backup.md "A restored store"): until it has reconciled with HQ,
 * every write — a sale, a refund, a shift, a stock or replenishment document — is refused with 423
 * STORE_RESTORE_UNRECONCILED and what to do; reads stay open. Numbers given now could repeat ones
 * HQ holds, and documents HQ holds are not back yet. No database read: the state is in memory.
 */
@Injectable()
export class RestoreGateGuard implements CanActivate {
  constructor(private readonly restore: StoreRestoreService) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.restore.pending || context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return true;
    const path = (req.originalUrl ?? req.url).split('?')[0];
    if (ALWAYS_OPEN.some((p) => p.test(path))) return true;
    this.restore.assertMayWrite();
    return true;
  }
}
