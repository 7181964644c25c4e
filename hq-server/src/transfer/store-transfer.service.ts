import { Injectable, Logger } from '@nestjs/common';
import {
  AuditService,
  deriveTransferKey,
  DomainException,
  encodeSetupCode,
  generateTransferPassword,
  newSalt,
  newSetupToken,
  notFound,
  OrgUnit,
  Page,
  RequestContext,
  setupTokenId,
  TransactionalConnection,
  TransferError,
  wrapKey,
} from '@chain-erp/shared';
import { ChangeFeedRepository } from './change-feed.repository';
import { StoreDataScope, StoreEvent, StoreTransfer } from './hq-transfer.entity';
import { DataScopeDto, RotatePasswordDto, SourceFailureQueryDto, StoreEventQueryDto, TransferStoreQueryDto } from './store-opening.dto';
import { type ScopeIdTable, type StoreHealthRow, StoreTransferRepository } from './store-transfer.repository';
import { type SourceFailureRow, TransferListsRepository } from './transfer-lists.repository';
import { TransferSourceRepository } from './transfer-source.repository';

export { SOURCE_FAILURE_SORT, STORE_EVENT_SORT, TRANSFER_STORE_SORT } from './transfer-lists.repository';

export const SETUP_CODE_HOURS = 24;

/** Failed signatures of one source (an address claiming a store code; '*': the address across codes). */
export interface SourceFailureView {
  source: string;
  storeCode: string;
  /** failures in the current window (since the last lock ended or an hour's quiet) */
  failures: number;
  totalFailures: number;
  lockCount: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  lastReason: string;
  locked: boolean;
  lockedUntil: Date | null;
}

function sourceView(f: SourceFailureRow): SourceFailureView {
  const locked = !!f.lockedUntil && f.lockedUntil > new Date();
  return {
    source: f.source,
    storeCode: f.storeCode,
    failures: f.failures,
    totalFailures: f.totalFailures,
    lockCount: f.lockCount,
    firstFailedAt: f.firstFailedAt,
    lastFailedAt: f.lastFailedAt,
    lastReason: f.lastReason,
    locked,
    lockedUntil: locked ? f.lockedUntil : null,
  };
}

/** One row of 门店传输管理: a store and its sync health. */
export interface StoreTransferView {
  storeId: string;
  code: string;
  name: string;
  orgStatus: string;
  transferStatus: string;
  /** some address is locked out of this store's code (failed signatures; the store's own, after a wrong password) */
  locked: boolean;
  lockedUntil: Date | null;
  /** the latest failures of sources claiming this store's code (all: GET /api/stores/transfer/sources?storeCode=) */
  recentFailures: SourceFailureView[];
  lastContactAt: Date | null;
  lastPullAt: Date | null;
  lastPushAt: Date | null;
  cursor: string | null;
  /** HQ → store: changes waiting for the store (capped at 100,000) */
  pullBacklog: number | null;
  /** store → HQ: records waiting at the store, as last reported */
  outboxBacklog: number;
  /**
   * pushed records HQ refused: failed in processing (retry / discard: `…/transfer/records`) and
   * conflicts — an id received before with another body (discard / supersede: `…/transfer/conflicts`)
   */
  failedRecords: number;
  /** the latest of them (code first in `error`, e.g. `MEMBER_MOBILE_TAKEN: …`); `kind`: `record` or `conflict` */
  lastFailedRecord: { id: string; stream: string; error: string | null; receivedAt: string; kind: 'record' | 'conflict' } | null;
  /** the newest of the store's last reported sync error and HQ's last refusal of one of its pushes */
  lastError: string | null;
  lastErrorAt: Date | null;
  /** HQ refused a push of this stream (the store's stream waits at that record) until it pushes again */
  pushError: { stream: string | null; error: string; at: Date } | null;
  /** the last time the store reconciled after a restore of its database */
  reconciledAt: Date | null;
  keyChangedAt: Date;
  previousKeyUntil: Date | null;
  scopeVersion: number;
}

/** The newer of the store's own last error (reported with its pulls) and HQ's last refusal of its push. */
function latestError(row: StoreHealthRow): { lastError: string | null; lastErrorAt: Date | null } {
  const own = { lastError: row.last_error, lastErrorAt: row.last_error_at };
  const push = { lastError: row.push_error, lastErrorAt: row.push_error_at };
  if (!push.lastError) return own;
  if (!own.lastError || !own.lastErrorAt || (push.lastErrorAt && push.lastErrorAt >= own.lastErrorAt)) return push;
  return own;
}

/**
 * 门店传输管理: transfer keys (create, rotate with grace, revoke), setup codes, data scope, and
 * every store's sync health in one list.
 */
@Injectable()
export class StoreTransferService {
  private readonly logger = new Logger('StoreTransfer');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly feed: ChangeFeedRepository,
    private readonly audit: AuditService,
    private readonly sourceRepo: TransferSourceRepository,
    private readonly repo: StoreTransferRepository,
    private readonly lists: TransferListsRepository,
  ) {}

  /** Derives and stores the key of a new store; the password is returned only if generated. */
  async createKey(tx: RequestContext, storeId: string, password?: string): Promise<{ generatedPassword: string | null }> {
    const pw = password ?? generateTransferPassword();
    const salt = newSalt();
    const key = await deriveTransferKey(pw, salt);
    await this.connection.repo(tx, StoreTransfer).insert({ storeId, status: 'active', keySalt: salt, key, keyChangedAt: new Date() });
    return { generatedPassword: password ? null : pw };
  }

  /** A one-time setup code (HQ address + store code + token), valid SETUP_CODE_HOURS; replaces any earlier one. */
  async newSetupCode(tx: RequestContext, storeId: string, storeCode: string, hqUrl: string): Promise<{ code: string; expiresAt: Date }> {
    const key = await this.repo.key(tx, storeId);
    if (!key) throw notFound('store transfer', storeId);
    const token = newSetupToken();
    const expiresAt = new Date(Date.now() + SETUP_CODE_HOURS * 3600_000);
    await this.repo.setSetupCode(tx, storeId, setupTokenId(token), wrapKey(key, token), expiresAt);
    return { code: encodeSetupCode({ hqUrl, storeCode, token }), expiresAt };
  }

  async setupCode(ctx: RequestContext, storeId: string, hqUrl: string): Promise<{ setupCode: string; setupCodeExpiresAt: string }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const store = await this.storeOf(tx, storeId);
      const code = await this.newSetupCode(tx, storeId, store.code, hqUrl);
      await this.audit.record(tx, { entityType: 'store_transfer', entityId: storeId, action: 'setup-code' });
      return { setupCode: code.code, setupCodeExpiresAt: code.expiresAt.toISOString() };
    });
  }

  /** New password; the old key keeps working for `graceHours` so stores can be switched over calmly. */
  async rotate(ctx: RequestContext, storeId: string, dto: RotatePasswordDto, hqUrl: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const store = await this.storeOf(tx, storeId);
      const graceHours = dto.graceHours ?? 24;
      const pw = dto.password ?? generateTransferPassword();
      const salt = newSalt();
      const key = await deriveTransferKey(pw, salt);
      const previousKeyUntil = await this.repo.rotateKey(tx, storeId, key, salt, graceHours);
      const setup = await this.newSetupCode(tx, storeId, store.code, hqUrl);
      await this.audit.record(tx, { entityType: 'store_transfer', entityId: storeId, action: 'rotate-password', after: { graceHours } });
      this.logger.log({ store: store.code, graceHours, by: ctx.user?.username }, 'transfer password changed');
      return {
        transferPassword: dto.password ? null : pw,
        previousPasswordValidUntil: previousKeyUntil?.toISOString() ?? null,
        setupCode: setup.code,
        setupCodeExpiresAt: setup.expiresAt.toISOString(),
      };
    });
  }

  /** Revoke, or reinstate — which also lifts every lock of a source on this store's code (its own address locked by a wrong password). */
  async setStatus(ctx: RequestContext, storeId: string, status: 'active' | 'revoked'): Promise<StoreTransferView> {
    await this.connection.withTransaction(ctx, async (tx) => {
      const store = await this.storeOf(tx, storeId);
      await this.repo.setStatus(tx, storeId, status);
      const released = status === 'active' ? await this.sourceRepo.releaseStore(this.connection.manager(tx), store.code) : 0;
      await this.audit.record(tx, {
        entityType: 'store_transfer',
        entityId: storeId,
        action: status === 'revoked' ? 'revoke' : 'reinstate',
        after: { status, releasedSources: released },
      });
      this.logger.warn({ store: store.code, status, releasedSources: released, by: ctx.user?.username }, 'store transfer status changed');
    });
    return this.get(ctx, storeId);
  }

  /** 门店传输管理: failed signatures per source (address × claimed store code; '*' = the address across codes). */
  async sources(ctx: RequestContext, q: SourceFailureQueryDto): Promise<Page<SourceFailureView>> {
    const page = await this.lists.sources(ctx, q, q);
    return { items: page.items.map(sourceView), total: page.total };
  }

  /** Lifts the lock and counts of one address (audited). */
  async releaseSource(ctx: RequestContext, source: string): Promise<{ source: string; released: number }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const released = await this.sourceRepo.releaseSource(this.connection.manager(tx), source);
      if (!released) throw notFound('transfer source', source);
      await this.audit.record(tx, { entityType: 'transfer_source', entityId: source, action: 'release', after: { released } });
      this.logger.warn({ source, by: ctx.user?.username }, 'transfer source released');
      return { source, released };
    });
  }

  async getScope(ctx: RequestContext, storeId: string): Promise<StoreDataScope> {
    await this.storeOf(ctx, storeId);
    return this.connection.repo(ctx, StoreDataScope).findOneByOrFail({ storeId });
  }

  /** A new scope bumps its version: the store re-syncs, gaining new rows and deactivating those that left. */
  async updateScope(ctx: RequestContext, storeId: string, dto: DataScopeDto, row: Omit<StoreDataScope, 'storeId' | 'version' | 'updatedAt'>): Promise<StoreDataScope> {
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.storeOf(tx, storeId);
      await this.checkIds(tx, dto);
      const repo = this.connection.repo(tx, StoreDataScope);
      const before = await repo.findOne({ where: { storeId }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound('store data scope', storeId);
      const after = await repo.save({ ...before, ...row, version: before.version + 1 });
      await this.audit.record(tx, { entityType: 'store_data_scope', entityId: storeId, action: 'update', before, after });
      return after;
    });
  }

  private async checkIds(tx: RequestContext, dto: DataScopeDto): Promise<void> {
    const lists: Array<[keyof DataScopeDto, ScopeIdTable]> = [
      ['categoryIds', 'category'],
      ['supplierIds', 'supplier'],
      ['customerIds', 'customer'],
      ['userIds', 'app_user'],
    ];
    for (const [field, table] of lists) {
      const ids = (dto[field] as string[] | undefined) ?? [];
      if (!ids.length) continue;
      const known = await this.repo.knownIds(tx, table, ids);
      const i = ids.findIndex((id) => !known.has(id));
      if (i >= 0) throw new DomainException('VALIDATION_FAILED', `unknown id in ${field} / 所选资料不存在`, [{ field: `${field}.${i}`, message: 'not found' }]);
    }
  }

  async list(ctx: RequestContext, q: TransferStoreQueryDto): Promise<Page<StoreTransferView>> {
    const { items: ids, total } = await this.lists.storeIds(ctx, q, q);
    const items = [];
    for (const id of ids) items.push(await this.get(ctx, id));
    return { items, total };
  }

  async get(ctx: RequestContext, storeId: string): Promise<StoreTransferView> {
    const m = this.connection.manager(ctx);
    const row = await this.repo.health(ctx, storeId);
    if (!row) throw notFound('store', storeId);
    const failures = await this.lists.recentFailures(ctx, row.code, 5);
    const lockedUntil = await this.sourceRepo.lockedUntilFor(m, row.code);
    return {
      storeId: row.id,
      code: row.code,
      name: row.name,
      orgStatus: row.org_status,
      transferStatus: row.status,
      locked: !!lockedUntil,
      lockedUntil,
      recentFailures: failures.map(sourceView),
      lastContactAt: row.last_contact_at,
      lastPullAt: row.last_pull_at,
      lastPushAt: row.last_push_at,
      cursor: row.confirmed_cursor,
      pullBacklog: await this.feed.backlog(m, storeId, row.confirmed_cursor),
      outboxBacklog: row.outbox_backlog,
      failedRecords: row.failed_records,
      lastFailedRecord: row.last_failed_record ?? null,
      ...latestError(row),
      pushError: row.push_error ? { stream: row.push_error_stream, error: row.push_error, at: row.push_error_at! } : null,
      reconciledAt: row.reconciled_at,
      keyChangedAt: row.key_changed_at,
      previousKeyUntil: row.previous_key_until,
      scopeVersion: row.scope_version,
    };
  }

  async events(ctx: RequestContext, storeId: string, q: StoreEventQueryDto): Promise<Page<StoreEvent>> {
    await this.storeOf(ctx, storeId);
    return this.lists.events(ctx, storeId, q.level, q);
  }

  /** A store opened with the wizard, or 404 STORE_NOT_A_STORE. */
  async storeOf(ctx: RequestContext, storeId: string): Promise<OrgUnit> {
    const store = await this.connection.repo(ctx, OrgUnit).findOneBy({ id: storeId });
    if (!store || store.kind !== 'store') throw new DomainException(TransferError.STORE_NOT_A_STORE, 'store not found / 门店不存在');
    if (!(await this.connection.repo(ctx, StoreTransfer).exists({ where: { storeId } })))
      throw new DomainException(TransferError.STORE_NOT_A_STORE, 'this store was not opened with the wizard / 该门店未开通传输');
    return store;
  }
}
