import { Injectable } from '@nestjs/common';
import {
  CommonError,
  createOnce,
  DocumentNumberService,
  DomainException,
  localToday,
  payloadHash,
  type PaymentMethodType,
  type PosStream,
  type RequestContext,
  TillValueDocument,
  TransactionalConnection,
} from '@chain-erp/shared';
import type { EntityTarget, FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { mayHaveLanded } from '../membership/store-member.service';
import { settleMoneyTender } from './pos-money-tender';
import { PosOutboxWriter } from './pos-outbox.writer';
import { PosSettingsService, requireStore } from './pos-settings.service';
import { PosShiftService } from './pos-shift.service';
import type { PosShift } from './pos-store.entity';

/** One kind of till value document: its table, its push stream, its answer and its words. */
export interface TillValueKind<Row extends TillValueDocument, Doc> {
  entity: EntityTarget<Row>;
  stream: PosStream;
  toDoc: (row: Row) => Doc;
  /** IDEMPOTENCY_MISMATCH's message: the id was already used for another document of this kind */
  mismatch: string;
}

/** A document's one money tender, as its columns. */
export type MoneyTenderColumns = Pick<TillValueDocument, 'paymentMethodId' | 'methodCode' | 'methodName' | 'methodType' | 'tendered' | 'changeAmount'>;

/** The columns every till value document's row starts with (the writer fills them). */
export interface TillValueHead {
  id: string;
  storeId: string;
  storeCode: string;
  shiftId: string;
  tillCode: string;
  cashierId: string;
  cashierName: string;
  businessDate: string;
  payloadHash: string;
  createdAt: Date;
}

/**
 * A chain value's change at HQ made inside the document's transaction (prepare → HQ call →
 * commit): remembered so that, should the commit fail after HQ applied it — or HQ's answer be
 * lost, so that it may have — `undo` takes it back at HQ.
 */
export class HqCharge {
  attempted = false;
  done = false;

  /** `atHq` false: the change is local (e.g. a 本店卡 in the store's ledger) and rolls back with the transaction. */
  async run<T>(atHq: boolean, call: () => Promise<T>): Promise<T> {
    this.attempted = atHq;
    const result = await call();
    this.done = atHq;
    return result;
  }

  mayHaveLanded(e: unknown): boolean {
    return this.attempted && (this.done || mayHaveLanded(e));
  }
}

/**
 * The one writer of the till documents that sell value for money (充值单 and its 冲正单,
 * 礼品卡售卡单): idempotent by the till's UUID (same body → the first answer, another body → 422
 * IDEMPOTENCY_MISMATCH, two at once → the second waits on the first and answers like a retry), a
 * number of the till, the one money tender, HQ's change as the last step, the row and its outbox
 * record in one transaction with the shift locked — and HQ's change undone when the document did
 * not commit.
 */
@Injectable()
export class TillValueDocumentWriter {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: PosSettingsService,
    private readonly numbers: DocumentNumberService,
    private readonly outbox: PosOutboxWriter,
    private readonly shifts: PosShiftService,
  ) {}

  /**
   * Answers the document this UUID already made (a retry; another body or store → 422), else runs
   * `prepare` (outside the transaction: e.g. the card looked up at HQ) and writes the document
   * `build` makes inside the transaction, the caller's open shift locked (it takes the number and
   * the tender and makes HQ's change through `hq` last). When the write fails after HQ's change
   * (maybe) landed and no document with this id exists, `undo` takes it back at HQ.
   */
  async write<Row extends TillValueDocument, Doc, P = undefined>(
    ctx: RequestContext,
    kind: TillValueKind<Row, Doc>,
    doc: { storeId: string; id: string; hash: string; shiftId: string },
    steps: {
      prepare?: () => Promise<P>;
      build: (tx: RequestContext, on: { shift: PosShift; hq: HqCharge; prepared: P; head: TillValueHead; now: Date }) => Promise<Row>;
      undo?: (prepared: P) => Promise<unknown>;
    },
  ): Promise<Doc> {
    const earlier = await this.replay(ctx, kind, doc);
    if (earlier) return earlier;
    const prepared = (await steps.prepare?.()) as P;
    const hq = new HqCharge();
    try {
      // the same document sent twice at once: the second waited on the first's key and answers like a retry
      return await createOnce(ctx, { key: doc.id, checkFirst: false, find: () => this.replay(ctx, kind, doc) }, () =>
        this.connection.withTransaction(ctx, async (tx) => {
          const shift = await this.shifts.lockOpen(tx, doc.shiftId);
          const now = new Date();
          const row = await steps.build(tx, { shift, hq, prepared, now, head: this.head(tx, doc, shift, now) });
          await this.connection.repo(tx, kind.entity).insert(row as QueryDeepPartialEntity<Row>);
          const answer = kind.toDoc(row);
          await this.outbox.enqueue(tx, kind.stream, row.id, answer as object);
          return answer;
        }),
      );
    } catch (e) {
      if (steps.undo && hq.mayHaveLanded(e) && !(await this.connection.repo(ctx, kind.entity).existsBy({ id: doc.id } as FindOptionsWhere<Row>))) await steps.undo(prepared);
      throw e;
    }
  }

  /**
   * A document that sells value for money (充值单, 礼品卡售卡单): `write` with the one money tender
   * (none of `refused`), the till's number of `numberType`, then the value's change as the last step
   * (`charge`: `atHq` false when it is local and rolls back with the transaction), the row `row` makes
   * of them, and `undo` taking HQ's change back when the document did not commit.
   */
  async sell<Row extends TillValueDocument, Doc, P, C>(
    ctx: RequestContext,
    kind: TillValueKind<Row, Doc>,
    dto: { id: string; shiftId: string; paymentMethodId: string; amount: string; tendered?: string },
    steps: {
      refused: { types: PaymentMethodType[]; code: string; message: string };
      numberType: string;
      prepare?: () => Promise<P>;
      charge: (tx: RequestContext, prepared: P, parts: { number: string; tender: MoneyTenderColumns }) => { atHq: boolean; call: () => Promise<C> };
      row: (on: { head: TillValueHead; now: Date; prepared: P; number: string; tender: MoneyTenderColumns; charged: C }) => Row;
      undo: (prepared: P) => Promise<unknown>;
    },
  ): Promise<Doc> {
    const storeId = requireStore(ctx);
    return this.write(
      ctx,
      kind,
      { storeId, id: dto.id, hash: payloadHash(dto), shiftId: dto.shiftId },
      {
        prepare: steps.prepare,
        build: async (tx, { shift, hq, prepared, head, now }) => {
          const tender = await this.tender(tx, storeId, dto, steps.refused);
          const number = await this.number(tx, steps.numberType, shift.tillCode, now);
          const { atHq, call } = steps.charge(tx, prepared, { number, tender });
          const charged = await hq.run(atHq, call);
          return steps.row({ head, now, prepared, number, tender, charged });
        },
        // (maybe) changed at HQ but not written here: take it back (the id is dead at HQ afterwards)
        undo: steps.undo,
      },
    );
  }

  private async replay<Row extends TillValueDocument, Doc>(
    ctx: RequestContext,
    kind: TillValueKind<Row, Doc>,
    doc: { storeId: string; id: string; hash: string },
  ): Promise<Doc | null> {
    const row = await this.connection.repo(ctx, kind.entity).findOneBy({ id: doc.id } as FindOptionsWhere<Row>);
    if (!row) return null;
    if (row.storeId !== doc.storeId || row.payloadHash !== doc.hash)
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, kind.mismatch, [{ field: 'id', message: 'used by another document' }]);
    return kind.toDoc(row);
  }

  /** The one money tender: an enabled method of the store, none of `refused`; cash may give change. As the document's columns. */
  async tender(
    tx: RequestContext,
    storeId: string,
    dto: { paymentMethodId: string; amount: string; tendered?: string },
    refused: { types: PaymentMethodType[]; code: string; message: string },
  ): Promise<MoneyTenderColumns> {
    const { method, tendered, change } = settleMoneyTender(await this.settings.paymentMethods(tx, storeId), dto, refused);
    return {
      paymentMethodId: method.id,
      methodCode: method.code,
      methodName: method.name,
      methodType: method.type,
      tendered: tendered.toFixed(2),
      changeAmount: change.toFixed(2),
    };
  }

  /** The document's number: TYPE-<store>-<till>-<date>-NNNN, never repeated. */
  async number(tx: RequestContext, type: string, tillCode: string, now: Date): Promise<string> {
    return (await this.numbers.next(tx, type, tillCode, now)).replace(new RegExp(`^${type}-`), `${type}-${tx.user!.orgUnitCode}-`);
  }

  /** The head columns: the till's UUID, the store, the shift's till, the cashier, the business day, the request's hash. */
  private head(tx: RequestContext, doc: { storeId: string; id: string; hash: string }, shift: { id: string; tillCode: string }, now: Date): TillValueHead {
    return {
      id: doc.id,
      storeId: doc.storeId,
      storeCode: tx.user!.orgUnitCode,
      shiftId: shift.id,
      tillCode: shift.tillCode,
      cashierId: tx.userId!,
      cashierName: tx.user!.username,
      businessDate: localToday(now),
      payloadHash: doc.hash,
      createdAt: now,
    };
  }
}

/** The tender columns of a document that gives `amount` back by `original`'s tender (no change). */
export function tenderBack(original: TillValueDocument, amount: string) {
  return {
    paymentMethodId: original.paymentMethodId,
    methodCode: original.methodCode,
    methodName: original.methodName,
    methodType: original.methodType,
    tendered: amount,
    changeAmount: '0.00',
    reference: null,
  };
}
