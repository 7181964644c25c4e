import {
  type ApplyResult,
  type CheckRequest,
  type CheckResult,
  type HandshakeResult,
  type IncarnationInfo,
  type HelloResult,
  type LocalSyncState,
  type OutboxRecord,
  PUSH_MAX_RECORDS,
  type PullPage,
  type PullRequest,
  type PushRecord,
  type PushRequest,
  type PushResult,
  type ReconcileFinish,
  type ReconcilePage,
  type ReconcileRecord,
  type ReconcileRequest,
  type ReconcileSummary,
  type SnapshotPage,
  type SnapshotReason,
  type SnapshotRequest,
  type StreamStatus,
} from './transfer.contracts';
import { PUSH_STREAMS } from './transfer.streams';

/** HQ as the engine sees it: the signed transfer API (HTTP in both faces). */
export interface HqPort {
  hello(): Promise<HelloResult>;
  handshake(): Promise<HandshakeResult>;
  pull(req: PullRequest): Promise<PullPage>;
  snapshot(req: SnapshotRequest): Promise<SnapshotPage>;
  push(req: PushRequest): Promise<PushResult>;
  /** HQ's incarnation, and whether the store or HQ went back in time (an HQ without it: 404) */
  check?(req: CheckRequest): Promise<CheckResult>;
  /** a page of what HQ holds of this store, for a restored store's reconciliation */
  reconcile?(req: ReconcileRequest): Promise<ReconcilePage>;
}

export interface StreamReport {
  stream: string;
  direction: 'pull' | 'push';
  error: string | null;
  blockedRecordId?: string | null;
  /** rows applied or records acknowledged in this run */
  count?: number;
  /** HQ refused the store's address until then (TRANSFER_LOCKED): shown in status */
  lockedUntil?: string | null;
}

/** The store as the engine sees it: in-process in the store server, HTTP in the CLI. */
export interface StorePort {
  state(): Promise<LocalSyncState>;
  /** applies a page and moves the cursor in one transaction, if the cursor is still `page.from` */
  applyPage(page: Extract<PullPage, { kind: 'changes' }>): Promise<ApplyResult>;
  /** applies a snapshot page and moves the snapshot position; the last page sweeps and sets the cursor */
  applySnapshotPage(page: SnapshotPage): Promise<ApplyResult>;
  /**
   * the next unsent records of a stream in order; `after`: only those after this seq (the engine's
   * window); `upTo`: none after this seq (the run's bound, `outboxHead`)
   */
  outbox(stream: string, limit: number, after?: string, upTo?: string): Promise<OutboxRecord[]>;
  /**
   * The seq of the stream's last unsent record now (null: none). A run sends at most up to it: what
   * the tills write meanwhile waits for the next run, so a push that pauses between its batches
   * while they sell still ends. A store without it (the CLI's HTTP port) is pushed unbounded, unpaused.
   */
  outboxHead?(stream: string): Promise<string | null>;
  /** marks records sent, only after HQ acknowledged them */
  acknowledge(stream: string, results: PushResult['results']): Promise<void>;
  report(reports: StreamReport[]): Promise<void>;
  status(): Promise<StreamStatus[]>;
  /** HQ found the store behind (its outbox lost records HQ holds): the store is restored-pending from now on */
  restoreBegin?(origin: 'detected'): Promise<void>;
  /** takes back records HQ holds (sales, refunds, shift reports) as read-only history; repeats change nothing */
  restoreApply?(records: ReconcileRecord[]): Promise<{ taken: number; skipped: number }>;
  /** numbering past HQ's high-water marks, the outbox past HQ's seq, and the store reconciled */
  restoreFinish?(finish: ReconcileFinish): Promise<ReconcileSummary>;
  /**
   * HQ's incarnation as seen now. `recover`: HQ went back in time — records sent since its backup go
   * out again (HQ keeps each once) and the next pull takes a snapshot.
   */
  hqChanged?(change: { incarnation: IncarnationInfo | null; recover: boolean }): Promise<{ requeued: number }>;
}

/** An HQ or store call that failed: HTTP status and the error code of the answer (or a transport code). */
export class TransferCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: unknown,
    /** the answer's machine-readable facts, e.g. `{ lockedUntil }`, `{ triesLeft }` */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'TransferCallError';
  }

  /** the request itself is at fault (a poison record), as opposed to HQ being down or locked */
  get isRecordFault(): boolean {
    return this.status === 400 || this.status === 422;
  }
}

export interface SyncProgress {
  phase: 'push' | 'pull' | 'snapshot' | 'reconcile';
  stream?: string;
  /** rows or records handled so far in this phase */
  done: number;
}

export interface SyncOptions {
  push?: boolean;
  pull?: boolean;
  pageSize?: number;
  /**
   * rows per snapshot page (default 2,000: fewer round trips for a first sync; pages stay ~1 MB); a
   * function is asked before each page is requested (a store server asks for small pages while its
   * tills sell: each page is its own short transaction with its position)
   */
  snapshotPageSize?: number | (() => number);
  /**
   * records per push (default PUSH_MAX_RECORDS = 5,000, the most HQ takes in one request; the store
   * also caps a batch at 2 MB of bodies); a function is asked before each batch is read
   */
  pushBatchSize?: number | (() => number);
  /** records per reconciliation page (default 1,000) */
  reconcilePageSize?: number;
  onProgress?: (p: SyncProgress) => void;
  /**
   * Awaited after each pull or snapshot page but the last, and between push batches when the store
   * bounds the run (`StorePort.outboxHead`): where a store server lets its tills' sales go first.
   * Must resolve (a bounded pause): the sync waits for it. An unbounded push never pauses: while
   * tills sell they add outbox records, and a push that pauses between batches would chase them and
   * never reach its stream's end (seen in bench/till-during-sync).
   */
  giveWay?: () => Promise<void>;
}

export interface PushCounts {
  stored: number;
  duplicate: number;
  /** only when some were: ids HQ had received with another body (kept there as refused records) */
  conflict?: number;
}

export interface SyncReport {
  ok: boolean;
  /** what this run did about a restore (the store's, or HQ's), null when nothing was needed */
  recovery: { store: ReconcileSummary | null; hq: { reason: 'hq-restored'; requeued: number } | null } | null;
  /** per stream: stored, duplicate (HQ had it), conflict (HQ had another body under the id: kept as a refused record at HQ) */
  pushed: Record<string, PushCounts>;
  pulled: { pages: number; rows: number; skipped: number; removed: number };
  snapshot: { reason: SnapshotReason | 'resumed'; pages: number; rows: number } | null;
  cursor: string | null;
  errors: Array<{ stream: string; code: string; message: string; recordId?: string; details?: Record<string, unknown> }>;
}

const MAX_STALE_RETRIES = 3;

/** A restored store asks HQ for what it received from a day before the backup on (clocks differ). */
export const RECONCILE_MARGIN_MS = 24 * 3600_000;

function tally(counts: PushCounts, outcome: PushResult['results'][number]['outcome']): void {
  counts[outcome] = (counts[outcome] ?? 0) + 1;
}

function describe(e: unknown): { code: string; message: string; details?: Record<string, unknown> } {
  if (e instanceof TransferCallError) return e.details ? { code: e.code, message: e.message, details: e.details } : { code: e.code, message: e.message };
  // the store port in process throws the store's own coded errors (e.g. TRANSFER_APPLY_FAILED)
  const coded = e as { code?: unknown; message?: unknown };
  if (e instanceof Error && typeof coded.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(coded.code)) return { code: coded.code, message: e.message };
  return { code: 'INTERNAL_ERROR', message: (e as Error)?.message ?? String(e) };
}

/** A size option's value now (a function is asked each time), or the default. */
function sizeOf(size: number | (() => number) | undefined, fallback: number): number {
  return typeof size === 'function' ? size() : (size ?? fallback);
}

/** When HQ locked the store's address out (TRANSFER_LOCKED), until when. */
function lockedUntilOf(d: { code?: string; details?: Record<string, unknown> }): string | null {
  return d.code === 'TRANSFER_LOCKED' && typeof d.details?.lockedUntil === 'string' ? d.details.lockedUntil : null;
}

/**
 * The sync engine: push the store's outbox, then pull HQ's changes (or a snapshot). Pure
 * orchestration over the two ports; every durable step (apply + cursor, ack → sent) happens inside
 * a port in one transaction, so stopping the engine anywhere and running it again gives the same
 * end state.
 */
export class SyncEngine {
  /** HQ answered `check`: it is of a release that keeps each record's outbox position */
  private hqKeepsSeq = false;

  constructor(
    private readonly hq: HqPort,
    private readonly store: StorePort,
  ) {}

  async run(options: SyncOptions = {}): Promise<SyncReport> {
    const report: SyncReport = { ok: true, recovery: null, pushed: {}, pulled: { pages: 0, rows: 0, skipped: 0, removed: 0 }, snapshot: null, cursor: null, errors: [] };
    // a store that went back in time (or whose HQ did) settles that first: nothing is pushed before
    const recovered = await this.recover(report, options);
    if (recovered) {
      if (options.push !== false) await this.pushAll(report, options);
      if (options.pull !== false) await this.pullAll(report, options);
    }
    report.ok = report.errors.length === 0;
    return report;
  }

  /**
   * Before anything moves: is either side restored? A restored store (the restore tool's mark, or HQ
   * holding records beyond the store's outbox) takes back what HQ holds and resumes numbering past
   * it; a restored HQ (a new incarnation, or the store's cursor ahead of its feed) gets the records
   * sent since its backup again and sends a snapshot. Answers false when the run must stop (a
   * restored store that could not reconcile pushes nothing).
   */
  private async recover(report: SyncReport, options: SyncOptions): Promise<boolean> {
    if (!this.hq.check || !this.store.restoreApply) return true;
    let state: LocalSyncState | undefined;
    let check: CheckResult;
    try {
      state = await this.store.state();
      if (!state.initialised) return true;
      check = await this.hq.check({ incarnationId: state.incarnation?.id ?? null, outboxSeq: state.outboxSeq ?? null, cursor: state.cursor });
      this.hqKeepsSeq = true;
    } catch (e) {
      const d = describe(e);
      // HQ away, refusing us, or of an older release without check: the push and pull meet (and
      // report) the same as before — unless this store must reconcile first: then nothing moves
      // `state` is unset when reading it was what failed
      if (!state?.incarnation?.pending) return true;
      report.errors.push({ stream: 'reconcile', ...d });
      await this.store.report([{ stream: 'reconcile', direction: 'pull', error: d.message }]).catch(() => undefined);
      return false;
    }
    try {
      const hqRestored = check.hqBehind || (!!state.hqIncarnation && !!check.hqIncarnation && check.hqIncarnation.id !== state.hqIncarnation);
      if (hqRestored || (check.hqIncarnation && check.hqIncarnation.id !== state.hqIncarnation)) {
        const { requeued } = await this.store.hqChanged!({ incarnation: check.hqIncarnation, recover: hqRestored });
        if (hqRestored) (report.recovery ??= { store: null, hq: null }).hq = { reason: 'hq-restored', requeued };
      }
      let pending = !!state.incarnation?.pending;
      if (check.storeBehind && !pending) {
        await this.store.restoreBegin!('detected');
        pending = true;
      }
      if (pending) (report.recovery ??= { store: null, hq: null }).store = await this.reconcile(state, options);
      if (pending || report.recovery) await this.store.report([{ stream: 'reconcile', direction: 'pull', error: null }]);
      return true;
    } catch (e) {
      const d = describe(e);
      report.errors.push({ stream: 'reconcile', ...d });
      await this.store.report([{ stream: 'reconcile', direction: 'pull', error: d.message }]).catch(() => undefined);
      return false;
    }
  }

  /** Takes back, page by page, what HQ holds of the store since (a day before) its backup, then closes the reconciliation. */
  private async reconcile(state: LocalSyncState, options: SyncOptions): Promise<ReconcileSummary> {
    if (!this.hq.reconcile) throw new TransferCallError(501, 'TRANSFER_HQ_ERROR', 'HQ cannot reconcile a restored store (upgrade HQ) / 总部版本过旧，无法核对');
    const backupAt = state.incarnation?.backupCreatedAt ? Date.parse(state.incarnation.backupCreatedAt) : NaN;
    // HQ's receipt time is HQ's clock and the backup's the store's: a day's margin, repeats change nothing
    const since = Number.isFinite(backupAt) ? new Date(backupAt - RECONCILE_MARGIN_MS).toISOString() : null;
    let after: string | null = null;
    let finish: ReconcileFinish | null = null;
    let done = 0;
    for (;;) {
      const page: ReconcilePage = await this.hq.reconcile({ since, after, limit: options.reconcilePageSize ?? 1000 });
      finish ??= { highWater: page.highWater ?? [], maxSeq: page.maxSeq ?? null };
      if (page.records.length) {
        await this.store.restoreApply!(page.records);
        done += page.records.length;
        options.onProgress?.({ phase: 'reconcile', done });
      }
      if (!page.next) break;
      after = page.next;
    }
    return this.store.restoreFinish!(finish);
  }

  private async pushAll(report: SyncReport, options: SyncOptions): Promise<void> {
    for (const def of PUSH_STREAMS) {
      const counts: PushCounts = (report.pushed[def.name] = { stored: 0, duplicate: 0 });
      const outcome = await this.pushStream(def.name, counts, options);
      await this.store.report([
        {
          stream: def.name,
          direction: 'push',
          error: outcome.error,
          blockedRecordId: outcome.recordId ?? null,
          count: counts.stored + counts.duplicate + (counts.conflict ?? 0),
          lockedUntil: lockedUntilOf(outcome),
        },
      ]);
      if (outcome.error) {
        report.errors.push({ stream: def.name, code: outcome.code!, message: outcome.error, recordId: outcome.recordId, ...(outcome.details ? { details: outcome.details } : {}) });
        // HQ unreachable or refusing us: the other streams would fail the same way
        if (!outcome.recordId) return;
      }
    }
  }

  private async pushStream(
    stream: string,
    counts: PushCounts,
    options: SyncOptions,
  ): Promise<{ error: string | null; code?: string; recordId?: string; details?: Record<string, unknown> }> {
    const batchSize = () => sizeOf(options.pushBatchSize, PUSH_MAX_RECORDS);
    // The run's bound: the last unsent record now. Only a bounded run pauses between its batches
    // (a bounded number of them), so it ends however fast the tills add records.
    let upTo: string | null | undefined;
    try {
      upTo = this.store.outboxHead ? await this.store.outboxHead(stream) : undefined;
    } catch (e) {
      return { error: describe(e).message, code: describe(e).code };
    }
    if (upTo === null) return { error: null };
    const bound = upTo;
    const read = (after: string | undefined) => this.store.outbox(stream, batchSize(), after, bound);
    // Windows: batch N+1 is read (after N's last seq) while HQ takes batch N, and once HQ answered N
    // the store marks N sent while N+1 travels. Nothing is marked before HQ's answer, and N+1 goes
    // to HQ only after N's answer (HQ keeps one store's order). A store without `seq` (older) gets
    // one batch at a time.
    let acking: Promise<void> = Promise.resolve();
    const settle = async () => {
      const pending = acking;
      acking = Promise.resolve();
      await pending;
    };
    let after: string | undefined;
    let ackFailure: unknown;
    let next: Promise<OutboxRecord[]> | null = null;
    let sent = false;
    try {
      for (;;) {
        if (ackFailure) await settle();
        const batch = await (next ?? read(after));
        next = null;
        if (!batch.length) {
          await settle();
          return { error: null };
        }
        const last = batch[batch.length - 1].seq;
        if (last !== undefined) {
          // reading changes nothing: the next window is read while HQ takes this one
          next = read(last);
          next.catch(() => undefined); // awaited next round; not left unhandled if this round ends the stream
        }
        // the tills sell: the batch waits (a bounded pause) — only in a bounded run, see `upTo`
        if (sent && upTo !== undefined) await options.giveWay?.();
        sent = true;
        let res: PushResult;
        try {
          res = await this.hq.push({ records: batch.map((r) => this.wire(r)) });
        } catch (e) {
          await settle();
          if (!(e instanceof TransferCallError) || !e.isRecordFault) return { error: describe(e).message, code: describe(e).code, details: describe(e).details };
          // One record spoils the batch: send one by one, in order, up to the poison record.
          for (const record of batch) {
            try {
              await this.send(stream, [record], counts);
            } catch (single) {
              const d = describe(single);
              return { error: d.message, code: d.code, recordId: single instanceof TransferCallError && single.isRecordFault ? record.id : undefined };
            }
          }
          options.onProgress?.({ phase: 'push', stream, done: counts.stored + counts.duplicate });
          after = last;
          continue;
        }
        const acked = acking.then(async () => {
          await this.store.acknowledge(stream, res.results);
          for (const r of res.results) tally(counts, r.outcome);
          options.onProgress?.({ phase: 'push', stream, done: counts.stored + counts.duplicate });
        });
        // awaited by settle(); noted now, so no further batch leaves once marking one sent failed
        acked.catch((e) => (ackFailure ??= e));
        acking = acked;
        if (last === undefined) await settle();
        after = last;
      }
    } catch (e) {
      // the store failed (reading or acknowledging): what HQ stored unacknowledged is resent next run, answered duplicate
      await settle().catch(() => undefined);
      return { error: describe(e).message, code: describe(e).code };
    }
  }

  /** A record as pushed: with its outbox position when HQ keeps it (it answered `check`), else as older HQs take it. */
  private wire({ id, stream, body, seq }: OutboxRecord): PushRecord {
    return this.hqKeepsSeq && seq !== undefined ? { id, stream, body, seq } : { id, stream, body };
  }

  private async send(stream: string, records: OutboxRecord[], counts: PushCounts): Promise<void> {
    const res = await this.hq.push({ records: records.map((r) => this.wire(r)) });
    await this.store.acknowledge(stream, res.results);
    for (const r of res.results) tally(counts, r.outcome);
  }

  private async pullAll(report: SyncReport, options: SyncOptions): Promise<void> {
    const limit = options.pageSize ?? 500;
    let stale = 0;
    let state: LocalSyncState | null = null;
    let applying = false;
    try {
      for (;;) {
        state = await this.store.state();
        report.cursor = state.cursor;
        if (state.snapshot) {
          await this.snapshot(report, options, 'resumed');
          continue;
        }
        const page = await this.hq.pull({ cursor: state.cursor, limit, scopeVersion: state.scopeVersion, outboxBacklog: state.outboxBacklog });
        if (page.kind === 'snapshot-required') {
          await this.snapshot(report, options, page.reason);
          continue;
        }
        applying = true;
        const applied = await this.store.applyPage(page);
        applying = false;
        if (applied.outcome === 'stale') {
          // another run moved the cursor meanwhile: read the state again
          if (++stale > MAX_STALE_RETRIES) throw new TransferCallError(409, 'TRANSFER_PAGE_STALE', 'the store cursor keeps moving: another sync is running / 另一个传输正在进行');
          continue;
        }
        report.pulled.pages++;
        report.pulled.rows += applied.rows;
        report.pulled.skipped += applied.skipped;
        report.pulled.removed += applied.removed;
        report.cursor = applied.cursor;
        options.onProgress?.({ phase: 'pull', done: report.pulled.rows + report.pulled.removed });
        if (!page.hasMore) break;
        await options.giveWay?.();
      }
      await this.store.report([{ stream: 'pull', direction: 'pull', error: null, count: report.pulled.rows, lockedUntil: null }]);
    } catch (e) {
      const d = describe(e);
      report.errors.push({ stream: 'pull', ...d });
      await this.store.report([{ stream: 'pull', direction: 'pull', error: d.message, lockedUntil: lockedUntilOf(d) }]).catch(() => undefined);
      // HQ answered but the store could not apply: tell HQ's health list now (a pull of one row that
      // carries the error; its answer is not applied), as the store will ask for the same page again
      if (applying && state) {
        await this.hq
          .pull({ cursor: state.cursor, limit: 1, scopeVersion: state.scopeVersion, outboxBacklog: state.outboxBacklog, lastError: d.message.slice(0, 500) })
          .catch(() => undefined);
      }
    }
  }

  private async snapshot(report: SyncReport, options: SyncOptions, reason: SnapshotReason | 'resumed'): Promise<void> {
    const limit = () => sizeOf(options.snapshotPageSize, 2000);
    const snap = (report.snapshot ??= { reason, pages: 0, rows: 0 });
    const position = reason === 'resumed' ? (await this.store.state()).snapshot : null;
    // HQ reads snapshot pages statelessly, so the next page is asked for while this one is applied
    let next = this.hq.snapshot({ position, limit: limit() });
    for (;;) {
      const page = await next;
      if (page.next) {
        next = this.hq.snapshot({ position: page.next, limit: limit() });
        next.catch(() => undefined); // awaited next round; not left unhandled if this round throws
      }
      const applied = await this.store.applySnapshotPage(page);
      if (applied.outcome === 'stale') throw new TransferCallError(409, 'TRANSFER_PAGE_STALE', 'the snapshot position moved: another sync is running / 另一个传输正在进行');
      snap.pages++;
      snap.rows += applied.rows;
      options.onProgress?.({ phase: 'snapshot', stream: page.stream, done: snap.rows });
      if (!page.next) return;
      await options.giveWay?.();
    }
  }
}
