import { Injectable, Logger } from '@nestjs/common';
import {
  canonicalJson,
  compileFlatValidator,
  ClaimResult,
  CommonError,
  compareCursors,
  DEFAULT_KDF,
  DomainException,
  HandshakeResult,
  HelloResult,
  JobName,
  JobQueue,
  PROTOCOL_VERSION,
  PULL_STREAMS,
  PullPage,
  PullRequest,
  PushRequest,
  PushResult,
  PUSH_MAX_RECORDS,
  RequestContext,
  sha256Hex,
  SnapshotPage,
  SnapshotPosition,
  SnapshotRequest,
  SUPPORTED_PROTOCOLS,
  TransactionalConnection,
  TransferError,
  validationFailure,
  Warehouse,
} from '@chain-erp/shared';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EntityManager } from 'typeorm';
import { ChangeFeedRepository, StoreVisibility } from './change-feed.repository';
import { StoreDataScope, StoreTransfer } from './hq-transfer.entity';
import { PushHandlerRegistry } from './push-handlers';
import { PushRequestDto, PushRecordDto } from './transfer-api.dto';
import { HashedRecord, ReceivedRecord, TransferApiRepository } from './transfer-api.repository';
import { TransferAuthService, TransferCaller } from './transfer-auth.service';

const checkPushRecord = compileFlatValidator(PushRecordDto);

/**
 * A push's body against PushRequestDto's rules: the compiled check for the common case, and
 * class-validator (the global pipe's refusal, same code and fields) when it finds fault.
 */
export function parsePush(body: unknown): PushRequest {
  const b = body as { records?: unknown } | null;
  const fine =
    checkPushRecord !== null &&
    b !== null &&
    typeof b === 'object' &&
    !Array.isArray(b) &&
    Object.keys(b).length === 1 &&
    Array.isArray(b.records) &&
    b.records.length >= 1 &&
    b.records.length <= PUSH_MAX_RECORDS &&
    b.records.every((r) => checkPushRecord(r));
  if (fine) return b as PushRequest;
  const dto = plainToInstance(PushRequestDto, body ?? {});
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) throw validationFailure(errors);
  return dto;
}

/** A store whose last pull is older than this may be far behind: HQ checks the size of its backlog. */
const FAR_BEHIND_CHECK_AFTER_MS = 60 * 60_000;
/** Beyond this many pending changes a snapshot is cheaper than replaying the feed. */
export const SNAPSHOT_THRESHOLD = 200_000;

/**
 * HQ side of the transfer protocol: the signed API's rules (pull, snapshot, push), for the store
 * the signature proved. Nothing here trusts a store id from the body.
 */
@Injectable()
export class TransferApiService {
  private readonly logger = new Logger('TransferApi');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly feed: ChangeFeedRepository,
    private readonly handlers: PushHandlerRegistry,
    private readonly jobs: JobQueue,
    private readonly auth: TransferAuthService,
    private readonly repo: TransferApiRepository,
  ) {}

  /**
   * Salt, key derivation and protocols for a store code. The same shape, and the same work, for a
   * code that does not exist (a salt derived from a server secret and the code): probing codes learns
   * nothing; a wrong code then fails its handshake like a wrong password.
   */
  async hello(ctx: RequestContext, storeCode: string): Promise<HelloResult> {
    const keySalt = await this.repo.keySalt(ctx, storeCode);
    return { storeCode, salt: this.auth.saltFor(storeCode, keySalt ?? null), kdf: DEFAULT_KDF, protocol: PROTOCOL_VERSION, supportedProtocols: SUPPORTED_PROTOCOLS };
  }

  /** Setup code: the store proves it holds the token (by its hash) and gets the key, encrypted under the token. */
  async claim(ctx: RequestContext, storeCode: string, tokenId: string): Promise<ClaimResult> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const row = await this.repo.lockSetup(tx, storeCode, tokenId);
      if (!row) {
        this.logger.warn({ store: storeCode, reason: 'setup code unknown, used or expired' }, 'setup claim refused');
        throw new DomainException(TransferError.TRANSFER_SETUP_CODE_INVALID, 'the setup code is wrong, used or expired; ask HQ for a new one / 初始化码无效或已过期');
      }
      if (row.status === 'revoked')
        throw new DomainException(TransferError.TRANSFER_STORE_REVOKED, 'the transfer channel of this store has been revoked at HQ / 门店传输已被总部停用');
      // one use only
      await this.repo.clearSetup(tx, row.store_id);
      return { storeCode, salt: row.key_salt, wrappedKey: row.setup_wrapped_key };
    });
  }

  async handshake(ctx: RequestContext, caller: TransferCaller): Promise<HandshakeResult> {
    const storeName = await this.repo.storeName(ctx, caller.storeId);
    const warehouses = await this.connection.repo(ctx, Warehouse).find({ where: { orgUnitId: caller.storeId }, order: { code: 'ASC' } });
    const scope = await this.scopeOf(ctx, caller.storeId);
    return {
      storeId: caller.storeId,
      storeCode: caller.storeCode,
      storeName,
      warehouses: warehouses.map((w) => ({ id: w.id, code: w.code, name: w.name, kind: w.kind })),
      scopeVersion: scope.version,
      protocol: PROTOCOL_VERSION,
      keyExpiresAt: caller.keyExpiresAt?.toISOString() ?? null,
    };
  }

  async pull(ctx: RequestContext, caller: TransferCaller, req: PullRequest): Promise<PullPage> {
    // REPEATABLE READ: the feed bound, the feed rows and the current rows come from one snapshot
    return this.connection.withTransaction(
      ctx,
      async (tx) => {
        const m = this.connection.manager(tx);
        const t = await this.connection.repo(tx, StoreTransfer).findOneByOrFail({ storeId: caller.storeId });
        const scope = await this.scopeOf(tx, caller.storeId);
        const note = (confirmed: string | null) => this.repo.notePull(tx, caller.storeId, req.outboxBacklog ?? null, req.lastError ?? null, confirmed);
        await note(null);
        if (!req.cursor) return { kind: 'snapshot-required', reason: 'new-store', scopeVersion: scope.version };
        if (req.scopeVersion !== scope.version) return { kind: 'snapshot-required', reason: 'scope-changed', scopeVersion: scope.version };
        // a cursor HQ's feed has not reached: HQ's database went back in time (restored); a snapshot puts the store right
        if (compareCursors(req.cursor, await this.feed.stablePosition(m)) > 0) {
          this.logger.warn({ store: caller.storeCode, cursor: req.cursor }, 'store cursor is ahead of the change feed (HQ restored): snapshot');
          return { kind: 'snapshot-required', reason: 'hq-restored', scopeVersion: scope.version };
        }
        // a store restored from an older backup comes back with a cursor before one it had applied
        if (t.confirmedCursor && compareCursors(req.cursor, t.confirmedCursor) < 0) {
          this.logger.warn({ store: caller.storeCode, cursor: req.cursor, confirmed: t.confirmedCursor }, 'store cursor went back: snapshot');
          return { kind: 'snapshot-required', reason: 'cursor-regressed', scopeVersion: scope.version };
        }
        // the changes after its cursor were pruned (the store was silent longer than the feed is kept)
        if (compareCursors(req.cursor, await this.feed.horizon(m)) < 0) return { kind: 'snapshot-required', reason: 'too-far-behind', scopeVersion: scope.version };
        if (t.lastPullAt && Date.now() - t.lastPullAt.getTime() > FAR_BEHIND_CHECK_AFTER_MS) {
          const pending = await this.feed.backlog(m, caller.storeId, req.cursor, SNAPSHOT_THRESHOLD + 1);
          if ((pending ?? 0) > SNAPSHOT_THRESHOLD) return { kind: 'snapshot-required', reason: 'too-far-behind', scopeVersion: scope.version };
        }
        await note(req.cursor);
        const page = await this.feed.readPage(m, this.visibility(caller, scope), req.cursor, req.limit);
        return { kind: 'changes', from: req.cursor, cursor: page.cursor, hasMore: page.hasMore, scopeVersion: scope.version, changes: page.changes };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  async snapshot(ctx: RequestContext, caller: TransferCaller, req: SnapshotRequest): Promise<SnapshotPage> {
    return this.snapshotRead(ctx, caller, req, (m, v, position) => this.feed.readSnapshot(m, v, position, req.limit));
  }

  /**
   * Protocol 2: the same page as bytes — a JSON header line (the page without its rows, plus `count`
   * and `columns`), then the rows in COPY text format as PostgreSQL wrote them (no row passes through
   * JSON.parse or JSON.stringify at HQ).
   */
  async snapshotStream(ctx: RequestContext, caller: TransferCaller, req: SnapshotRequest): Promise<Buffer> {
    const page = await this.snapshotRead(ctx, caller, req, (m, v, position) => this.feed.readSnapshotCopy(m, v, position, req.limit));
    return Buffer.concat([Buffer.from(JSON.stringify(page.header) + '\n', 'utf8'), page.rows]);
  }

  private async snapshotRead<T>(
    ctx: RequestContext,
    caller: TransferCaller,
    req: SnapshotRequest,
    read: (m: EntityManager, v: StoreVisibility, position: SnapshotPosition) => Promise<T>,
  ): Promise<T> {
    return this.connection.withTransaction(
      ctx,
      async (tx) => {
        const m = this.connection.manager(tx);
        const scope = await this.scopeOf(tx, caller.storeId);
        let position = req.position;
        if (position && (position.scopeVersion !== scope.version || position.streamIndex >= PULL_STREAMS.length)) position = null;
        if (!position) {
          // a new snapshot: the store continues from here afterwards. Confirmed at once, so pruning keeps
          // the feed after it while the snapshot runs (it is above every cursor the store had).
          position = { cursor: await this.feed.stablePosition(m), scopeVersion: scope.version, streamIndex: 0, afterKey: null };
          await this.repo.confirmCursor(tx, caller.storeId, position.cursor);
        }
        return read(m, this.visibility(caller, scope), position);
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /**
   * Stores each record once, keyed by its id: a repeat answers 'duplicate' (the first result); the
   * same id with another body, or another store's id, is refused whole (422) and nothing is stored.
   */
  async push(ctx: RequestContext, caller: TransferCaller, body: unknown): Promise<PushResult> {
    try {
      return await this.pushRecords(ctx, caller, body);
    } catch (e) {
      if (e instanceof DomainException) await this.notePushRefusal(ctx, caller, body, e);
      throw e;
    }
  }

  /**
   * A refused push stops the store's stream at that record (the engine resends record by record and
   * stays there): HQ notes it for 门店传输管理 (`lastError`, `pushError`), so a blocked stream is never
   * silent at HQ. Each pull rewrites `last_error`; this is kept until that stream pushes again.
   */
  private async notePushRefusal(ctx: RequestContext, caller: TransferCaller, body: unknown, e: DomainException): Promise<void> {
    const records = (body as { records?: Array<{ stream?: unknown; id?: unknown }> } | null)?.records;
    const index = Number(/^records\.(\d+)/.exec(e.fields?.[0]?.field ?? '')?.[1] ?? (Array.isArray(records) && records.length === 1 ? 0 : NaN));
    const record = Array.isArray(records) && Number.isInteger(index) ? records[index] : undefined;
    const stream = typeof record?.stream === 'string' ? record.stream.slice(0, 64) : null;
    const id = typeof record?.id === 'string' ? ` (record ${record.id.slice(0, 36)})` : '';
    const error = `${e.code}: ${e.message}${id}`.slice(0, 500);
    await this.repo
      .notePushRefusal(ctx, caller.storeId, error, stream)
      .catch((err: Error) => this.logger.warn({ store: caller.storeCode, err: err.message }, 'could not note a push refusal'));
  }

  private async pushRecords(ctx: RequestContext, caller: TransferCaller, body: unknown): Promise<PushResult> {
    const req = parsePush(body);
    await this.validateRecords(caller, req);
    const records = req.records.map((r): HashedRecord => ({ id: r.id, stream: r.stream, body: r.body, hash: sha256Hex(canonicalJson(r.body)), seq: r.seq ?? null }));
    const results = await this.connection.withTransaction(ctx, async (tx) => {
      const inserted = await this.repo.storeRecords(tx, caller.storeId, records);
      const stored = new Map(inserted.map((r) => [r.id, r.received_at]));
      const repeated = records.filter((r) => !stored.has(r.id));
      const firsts = repeated.length
        ? new Map(
            (
              await this.repo.received(
                tx,
                repeated.map((r) => r.id),
              )
            ).map((f) => [f.id, f]),
          )
        : new Map<string, ReceivedRecord>();
      const conflicts = new Map<string, Date>();
      for (const r of repeated) {
        const first = firsts.get(r.id)!;
        if (first.store_id !== caller.storeId) {
          // another store's id: never taken, never shown to this store
          this.logger.warn({ store: caller.storeCode, id: r.id, otherStore: true }, 'push refused: idempotency key of another store');
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, `record ${r.id} was already received with different content / 该记录已以不同内容接收`, [
            { field: `records.${records.indexOf(r)}.id`, message: 'idempotency key reused with a different body' },
          ]);
        }
        if (first.stream !== r.stream || first.body_hash !== r.hash) conflicts.set(r.id, await this.keepConflict(tx, caller, r, first.stream));
      }
      // a push of the stream a refusal named went through: that stream moves again
      await this.repo.notePush(tx, caller.storeId, [...new Set(records.map((r) => r.stream))]);
      return records.map((r): PushResult['results'][number] => {
        const at = stored.get(r.id);
        if (at) return { id: r.id, outcome: 'stored', receivedAt: at.toISOString() };
        const conflict = conflicts.get(r.id);
        if (conflict) return { id: r.id, outcome: 'conflict', receivedAt: conflict.toISOString() };
        return { id: r.id, outcome: 'duplicate', receivedAt: firsts.get(r.id)!.received_at.toISOString() };
      });
    });
    // The durable insert is done: the store may count these as delivered. Processing is the job's;
    // a wake-up that cannot be queued (Redis away) is caught by the periodic inbox sweep.
    if (results.some((r) => r.outcome === 'stored')) {
      await this.jobs
        .enqueue(JobName.TransferProcessInbox, { storeId: caller.storeId }, { jobId: `inbox:${caller.storeId}` })
        .catch((err: Error) => this.logger.warn({ store: caller.storeCode, err: err.message }, 'could not queue inbox processing; the periodic sweep will'));
    }
    return { results };
  }

  /**
   * The same store sent another body under an id HQ holds: HQ keeps the first and this one as a
   * refused record (transfer_conflict, shown among the store's failed records), once per body — a
   * resend of it answers the same. The store's stream goes on; staff discard it or let it supersede.
   */
  private async keepConflict(tx: RequestContext, caller: TransferCaller, r: HashedRecord, firstStream: string): Promise<Date> {
    const why = firstStream !== r.stream ? `received before as ${firstStream}` : 'received before with another content';
    const error = `IDEMPOTENCY_MISMATCH: record ${r.id} was ${why}; HQ keeps the first — discard this one, or let it supersede the first while that is not applied / 该记录已以不同内容接收`;
    const receivedAt = await this.repo.keepConflict(tx, caller.storeId, r, error.slice(0, 500));
    this.logger.warn({ store: caller.storeCode, id: r.id, stream: r.stream }, 'push conflict: id received before with another body; kept as a refused record');
    return receivedAt;
  }

  private async validateRecords(caller: TransferCaller, req: PushRequest): Promise<void> {
    const ids = new Set<string>();
    for (const [i, r] of req.records.entries()) {
      if (ids.has(r.id))
        throw new DomainException(CommonError.VALIDATION_FAILED, 'the same record twice in one push / 重复记录', [{ field: `records.${i}.id`, message: 'duplicate in batch' }]);
      ids.add(r.id);
      this.handlers.check(r, caller, `records.${i}`);
    }
  }

  private async scopeOf(ctx: RequestContext, storeId: string): Promise<StoreDataScope> {
    const scope = await this.connection.repo(ctx, StoreDataScope).findOneBy({ storeId });
    if (!scope) throw new DomainException(CommonError.INTERNAL_ERROR, 'store has no data scope');
    return scope;
  }

  private visibility(caller: TransferCaller, scope: StoreDataScope): StoreVisibility {
    return { storeId: caller.storeId, scope };
  }
}
