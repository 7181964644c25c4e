import { Injectable } from '@nestjs/common';
import {
  ApplyResult,
  AuthService,
  ChangeSet,
  CommonError,
  DomainException,
  rowKey,
  TransferError,
  PULL_STREAMS,
  PullPage,
  PullStreamDef,
  pullStream,
  RequestContext,
  SnapshotPage,
  SnapshotPosition,
  snapshotRowCount,
  TransactionalConnection,
  inSavepoint,
} from '@chain-erp/shared';
import { EntityManager } from 'typeorm';
import { StoreApplyRepository } from './store-apply.repository';

/** Test seam: runs inside the apply transaction after the rows, before the cursor and commit. */
export interface ApplyHooks {
  beforeCommit?: () => Promise<void>;
}

/** Field by field: a page that came through the local route is a DTO instance, the stored position a plain object. */
function samePosition(a: SnapshotPosition | null, b: SnapshotPosition): boolean {
  return !!a && a.cursor === b.cursor && a.scopeVersion === b.scopeVersion && a.streamIndex === b.streamIndex && (a.afterKey ?? null) === (b.afterKey ?? null);
}

/**
 * Applies HQ's pages at the store. A page and its cursor commit together, and only if the cursor
 * is still where the page started (so a replayed or concurrent page changes nothing). Rows are
 * upserted when their version differs from the store's: an equal version was applied already, any
 * other is HQ's truth (HQ wins).
 */
@Injectable()
export class StoreApplyService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly auth: AuthService,
    private readonly repo: StoreApplyRepository,
  ) {}

  /** Users, roles or grants arrived (a user disabled or demoted at HQ): sign-ins are read again at once, not after the guard's cache. */
  async applyPage(ctx: RequestContext, page: Extract<PullPage, { kind: 'changes' }>, hooks: ApplyHooks = {}): Promise<ApplyResult> {
    const result = await this.applyChangesPage(ctx, page, hooks);
    if (!ctx.inTransaction && page.changes.some((c) => c.stream.startsWith('identity.'))) this.auth.forgetAll();
    return result;
  }

  async applySnapshotPage(ctx: RequestContext, page: SnapshotPage, hooks: ApplyHooks = {}): Promise<ApplyResult> {
    const result = await this.applySnapshot(ctx, page, hooks);
    if (!ctx.inTransaction) this.auth.forgetAll();
    return result;
  }

  private async applyChangesPage(ctx: RequestContext, page: Extract<PullPage, { kind: 'changes' }>, hooks: ApplyHooks): Promise<ApplyResult> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const m = this.connection.manager(tx);
      const st = await this.repo.lockState(m);
      if (st.snapshot || st.cursor !== page.from) return { outcome: 'stale', expected: page.from, actual: st.cursor };
      const counts = await this.applyChanges(m, page.changes, page.from);
      await hooks.beforeCommit?.();
      await this.repo.changesApplied(m, page.cursor, page.scopeVersion, counts.rows + counts.removed);
      return { outcome: 'applied', ...counts, cursor: page.cursor };
    });
  }

  private async applySnapshot(ctx: RequestContext, page: SnapshotPage, hooks: ApplyHooks): Promise<ApplyResult> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const m = this.connection.manager(tx);
      const st = await this.repo.lockState(m);
      const isStart = page.position.streamIndex === 0 && page.position.afterKey === null;
      if (!isStart && !samePosition(st.snapshot, page.position)) return { outcome: 'stale', expected: page.position.cursor, actual: st.cursor };
      if (isStart) await this.repo.forgetSeen(m);
      const def = pullStream(page.stream);
      const count = snapshotRowCount(page);
      if (page.count !== undefined && page.count !== count) {
        throw new DomainException(CommonError.VALIDATION_FAILED, `the page says ${page.count} rows but holds ${count} / 快照页行数不符`, [
          { field: 'count', message: `${count} lines in rowsText` },
        ]);
      }
      let rows = 0;
      let skipped = 0;
      if (def && count) {
        const sweepNeeded = await this.sweepNeeded(m, def);
        const from = `snapshot ${page.position.cursor}`;
        if (page.rowsText !== undefined) {
          // protocol 2: no row is parsed in JS. Into a table that was empty when the snapshot reached
          // this stream (a new store), the page's lines are COPYed straight in: the snapshot's keys are
          // ascending and each page commits with its position, so none can be there yet (if one is,
          // the COPY is undone and the page takes the staged path, which upserts or names the row).
          const direct = sweepNeeded ? null : await this.copyDirect(m, def, page);
          if (direct !== null) rows = direct;
          else {
            const cols = await this.stage(m, def, page, from);
            rows = await this.guarded(
              m,
              () => this.upsertStaged(m, def, cols, null),
              () => this.findPoisonStaged(m, def, cols, from),
            );
            if (sweepNeeded) await this.repo.seenStaged(m, def);
          }
        } else {
          rows = await this.guarded(
            m,
            () => this.upsert(m, def, page.rows),
            () => this.findPoison(m, def, page.rows, from),
          );
          if (sweepNeeded) await this.repo.seenJson(m, def, page.rows);
        }
        skipped = count - rows;
      }
      let removed = 0;
      if (page.next) {
        await this.repo.snapshotNext(m, page.next);
      } else {
        removed = await this.sweep(m, page.streams);
        await this.repo.forgetSeen(m);
      }
      await hooks.beforeCommit?.();
      if (!page.next) {
        await this.repo.snapshotDone(m, page.position.cursor, page.position.scopeVersion);
      }
      await this.repo.rowsApplied(m, rows + removed);
      return { outcome: 'applied', rows, skipped, removed, cursor: page.position.cursor };
    });
  }

  /**
   * Does this stream need its keys recorded for the sweep? Not if its table was empty when the
   * snapshot reached it (a new store): every row it then holds came from the snapshot. Decided on the
   * stream's first page and remembered by a marker row (key '', never a real key).
   */
  private async sweepNeeded(m: EntityManager, def: PullStreamDef): Promise<boolean> {
    const st = await this.repo.sweepState(m, def);
    if (st.marked) return false;
    if (st.seen || !st.empty) return true;
    await this.repo.markEmpty(m, def);
    return false;
  }

  async pullState(ctx: RequestContext): Promise<{ cursor: string | null; scopeVersion: number | null; snapshot: SnapshotPosition | null }> {
    const st = await this.repo.pullState(this.connection.manager(ctx));
    return { cursor: st?.cursor ?? null, scopeVersion: st?.scope_version ?? null, snapshot: st?.snapshot ?? null };
  }

  private async applyChanges(m: EntityManager, changes: ChangeSet[], from: string): Promise<{ rows: number; skipped: number; removed: number }> {
    const byName = new Map(changes.map((c) => [c.stream, c]));
    let rows = 0;
    let skipped = 0;
    let removed = 0;
    // upserts parents first, removals children first
    for (const def of PULL_STREAMS) {
      const c = byName.get(def.name);
      if (!c?.upserts.length) continue;
      const n = await this.guarded(
        m,
        () => this.upsert(m, def, c.upserts),
        () => this.findPoison(m, def, c.upserts, from),
      );
      rows += n;
      skipped += c.upserts.length - n;
    }
    for (const def of [...PULL_STREAMS].reverse()) {
      const c = byName.get(def.name);
      if (c?.removes.length)
        removed += await this.guarded(
          m,
          () => this.remove(m, def, c.removes),
          (e) => this.applyFailed(def.name, null, from, e),
        );
    }
    return { rows, skipped, removed };
  }

  /** Runs a stream's statement in a savepoint; on failure, `explain` names what failed (and throws). */
  private guarded<T>(m: EntityManager, work: () => Promise<T>, explain: (e: unknown) => Promise<never> | never): Promise<T> {
    return inSavepoint(m, 'apply_stream', work, explain);
  }

  /**
   * A stream's rows failed together: try them one by one (each in a savepoint, all rolled back with
   * the page) to name the first row that cannot be applied, so status and HQ's health list show it.
   */
  private async findPoison(m: EntityManager, def: PullStreamDef, upserts: string[], from: string): Promise<never> {
    let first: unknown = null;
    for (const [i, row] of upserts.entries()) {
      let key: string;
      try {
        key = rowKey(def, JSON.parse(row) as Record<string, unknown>);
      } catch {
        throw new DomainException(CommonError.VALIDATION_FAILED, `a ${def.name} row is not JSON / 数据格式错误`, [
          { field: `changes.${def.name}.upserts.${i}`, message: 'not JSON' },
        ]);
      }
      await inSavepoint(
        m,
        'apply_row',
        () => this.upsert(m, def, [row]),
        (e) => {
          first ??= e;
          this.applyFailed(def.name, key, from, e);
        },
      );
    }
    // each row alone applies, together they do not (e.g. two rows swapping a unique code)
    return this.applyFailed(def.name, null, from, first);
  }

  private applyFailed(stream: string, key: string | null, from: string, e: unknown): never {
    const reason = String((e as Error)?.message ?? e).slice(0, 200);
    throw new DomainException(
      TransferError.TRANSFER_APPLY_FAILED,
      `cannot apply ${stream}${key ? ` row ${key}` : ''} (page after ${from}): ${reason} / 无法应用总部数据`,
      undefined,
      { stream, rowKey: key, cursor: from },
    );
  }

  /** Upserts rows (JSON texts of one stream, alike in shape); returns how many were written (the others it had). */
  private async upsert(m: EntityManager, def: PullStreamDef, rows: string[]): Promise<number> {
    const local = await this.repo.tableColumns(m, def.table);
    // the columns come from the first row (HQ sends whole rows); columns this store lacks are dropped
    const cols = Object.keys(JSON.parse(rows[0]) as object).filter((k) => local.has(k));
    return this.repo.upsertJson(m, def, cols, rows);
  }

  /** The column list of a protocol-2 page, checked: names only, no repeats, the stream's key among them. */
  private async pageColumns(m: EntityManager, def: PullStreamDef, page: SnapshotPage): Promise<{ cols: string[]; local: Map<string, string> }> {
    const cols = page.columns ?? [];
    const bad = (message: string) =>
      new DomainException(CommonError.VALIDATION_FAILED, `a ${def.name} snapshot page is malformed: ${message} / 快照页格式错误`, [{ field: 'columns', message }]);
    if (!cols.length || new Set(cols).size !== cols.length || !cols.every((c) => /^[a-z][a-z0-9_]{0,62}$/.test(c))) throw bad('bad column list');
    const local = await this.repo.tableColumns(m, def.table);
    for (const k of def.key) if (!cols.includes(k.column) || !local.has(k.column)) throw bad(`no key column ${k.column}`);
    return { cols, local };
  }

  private pageData(page: SnapshotPage): Buffer {
    return typeof page.rowsText === 'string' ? Buffer.from(page.rowsText, 'utf8') : page.rowsText!;
  }

  /**
   * COPYs a protocol-2 page straight into its table (in a savepoint); null when that is not possible
   * (a column this store lacks) or failed (a row already there): the caller then stages the page.
   */
  private async copyDirect(m: EntityManager, def: PullStreamDef, page: SnapshotPage): Promise<number | null> {
    const { cols, local } = await this.pageColumns(m, def, page);
    if (!cols.every((c) => local.has(c))) return null;
    return inSavepoint(
      m,
      'copy_direct',
      () => this.repo.copyInto(m, def, cols, this.pageData(page)),
      () => null,
    );
  }

  /**
   * Protocol 2: COPYs a page's lines (HQ's columns) into a staging table that lives until the page
   * commits; columns this store knows take its types, others are staged as text and dropped. Answers
   * the columns to upsert.
   */
  private async stage(m: EntityManager, def: PullStreamDef, page: SnapshotPage, from: string): Promise<string[]> {
    const { cols, local } = await this.pageColumns(m, def, page);
    await this.repo.createStage(m, cols, local);
    await this.guarded(
      m,
      () => this.repo.copyIntoStage(m, cols, this.pageData(page)),
      (e) => this.applyFailed(def.name, null, from, e),
    );
    return cols.filter((c) => local.has(c));
  }

  /** Upserts the staged rows (or only the one with key `key`). */
  private upsertStaged(m: EntityManager, def: PullStreamDef, cols: string[], key: string | null): Promise<number> {
    return this.repo.upsertStaged(m, def, cols, key);
  }

  /** Like findPoison, over the staged rows of a protocol-2 page. */
  private async findPoisonStaged(m: EntityManager, def: PullStreamDef, cols: string[], from: string): Promise<never> {
    let first: unknown = null;
    for (const k of await this.repo.stagedKeys(m, def)) {
      await inSavepoint(
        m,
        'apply_row',
        () => this.upsertStaged(m, def, cols, k),
        (e) => {
          first ??= e;
          this.applyFailed(def.name, k, from, e);
        },
      );
    }
    return this.applyFailed(def.name, null, from, first);
  }

  private remove(m: EntityManager, def: PullStreamDef, keys: string[]): Promise<number> {
    return this.repo.remove(m, def, keys);
  }

  /** After a snapshot: what HQ no longer shows the store is removed, children first. */
  private async sweep(m: EntityManager, streams: string[]): Promise<number> {
    let n = 0;
    for (const def of [...PULL_STREAMS].reverse()) {
      if (!streams.includes(def.name)) continue;
      if (await this.repo.marked(m, def)) continue; // the table was empty when the snapshot began: nothing of it is stale
      n += await this.repo.sweep(m, def);
    }
    return n;
  }
}
