import { type EntityManager } from 'typeorm';

export const ORG_KIND_VALUES = ['hq', 'store'] as const;
export type OrgKind = (typeof ORG_KIND_VALUES)[number];

/** Who is calling, as the user stands now (or built for jobs and the sync engine). */
export interface AuthUser {
  id: string;
  username: string;
  orgUnitId: string;
  orgUnitCode: string;
  orgKind: OrgKind;
  permissions: string[];
  /** the sign-in the request came with (absent for jobs and the sync engine) */
  sessionId?: string;
  /** a manager's approval (授权) that lent permissions to this request (AuthService.elevate) */
  approvedBy?: { id: string; username: string; permissions: string[] };
}

/**
 * The first argument of every service method (Vendure's RequestContext): the caller, the request id
 * and — inside `withTransaction` — the entity manager of the open transaction, so a document and its
 * stock movements commit together and nothing queries outside the transaction by accident.
 */
export class RequestContext {
  private readonly permissionSet: ReadonlySet<string>;

  constructor(
    readonly user: AuthUser | null,
    readonly requestId?: string,
    readonly manager?: EntityManager,
    readonly ip?: string,
  ) {
    this.permissionSet = new Set(user?.permissions ?? []);
  }

  /** A context for background work (jobs, sync apply) acting as the system of an org unit. */
  static system(org: { id: string; code: string; kind: OrgKind }, requestId?: string): RequestContext {
    return new RequestContext({ id: SYSTEM_USER_ID, username: 'system', orgUnitId: org.id, orgUnitCode: org.code, orgKind: org.kind, permissions: ['*'] }, requestId);
  }

  withManager(manager: EntityManager): RequestContext {
    return new RequestContext(this.user, this.requestId, manager, this.ip);
  }

  get userId(): string | null {
    return this.user?.id ?? null;
  }

  get isHq(): boolean {
    return this.user?.orgKind === 'hq';
  }

  /** The caller's store, when the caller belongs to a store (scope applies). */
  get storeId(): string | null {
    return this.user?.orgKind === 'store' ? this.user.orgUnitId : null;
  }

  get inTransaction(): boolean {
    return !!this.manager?.queryRunner?.isTransactionActive;
  }

  can(permission: string): boolean {
    return this.permissionSet.has('*') || this.permissionSet.has(permission);
  }
}

export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';
