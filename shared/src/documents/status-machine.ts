import { CommonError, DomainException } from '../common/errors';

/**
 * Document lifecycles as data: `new StatusMachine({ draft: ['submitted', 'cancelled'], … })`.
 * An illegal transition is a 409 ILLEGAL_TRANSITION naming both states.
 */
export class StatusMachine<S extends string> {
  constructor(
    private readonly transitions: Readonly<Record<S, readonly S[]>>,
    private readonly what = 'document',
  ) {}

  canTransition(from: S, to: S): boolean {
    return (this.transitions[from] ?? []).includes(to);
  }

  assertTransition(from: S, to: S): void {
    if (!this.canTransition(from, to)) {
      throw new DomainException(CommonError.ILLEGAL_TRANSITION, `${this.what} cannot go from ${from} to ${to} / 单据状态不允许此操作`, undefined, {
        from,
        to,
        allowed: this.transitions[from] ?? [],
      });
    }
  }

  /** States from which nothing further can happen. */
  isFinal(state: S): boolean {
    return (this.transitions[state] ?? []).length === 0;
  }

  assertEditable(state: S, editable: readonly S[]): void {
    if (!editable.includes(state)) {
      throw new DomainException(CommonError.DOCUMENT_POSTED, `${this.what} is ${state} and can no longer be edited / 单据已审核，不能修改`, undefined, {
        status: state,
      });
    }
  }
}

/** The common lifecycle of stock documents. */
export type DocumentStatus = 'draft' | 'submitted' | 'approved' | 'posted' | 'partially_completed' | 'completed' | 'closed' | 'cancelled';

export const STANDARD_DOCUMENT_FLOW = new StatusMachine<DocumentStatus>({
  draft: ['submitted', 'posted', 'cancelled'],
  submitted: ['approved', 'draft', 'cancelled', 'posted'],
  approved: ['posted', 'partially_completed', 'completed', 'closed', 'cancelled'],
  posted: ['partially_completed', 'completed', 'closed'],
  partially_completed: ['partially_completed', 'completed', 'closed'],
  completed: ['closed'],
  closed: [],
  cancelled: [],
});
