import { Injectable } from '@nestjs/common';
import { AuditService, AuthService, DomainException, IdentityError, PosError, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { CreateApprovalDto } from './pos.dto';
import { requireStore } from './pos-settings.service';

/** How long a manager's approval lasts: one action at the till, not the rest of the shift. */
export const APPROVAL_TTL_SECONDS = 120;

/**
 * 授权: the cashier's screen asks a manager to sign in for one action beyond the cashier's rights
 * (void a line, a discount beyond the limit, change a price, refund, reprint, open the drawer). The
 * manager's password is checked like a sign-in (failures count towards the lock), the sign-in is
 * ended at once, and the till gets a short token bound to the cashier's own sign-in that lends the
 * permission (header `X-Pos-Approval`, checked by the auth guard against the approver's rights now).
 */
@Injectable()
export class PosApprovalService {
  constructor(
    private readonly auth: AuthService,
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
  ) {}

  async approve(ctx: RequestContext, dto: CreateApprovalDto) {
    const storeId = requireStore(ctx);
    let approver;
    try {
      const signIn = await this.auth.login(ctx, dto.username, dto.password);
      approver = await this.auth.authenticate(signIn.accessToken);
      // the manager's sign-in served only to check the password
      await this.auth.logout(new RequestContext(approver, ctx.requestId, undefined, ctx.ip));
    } catch (e) {
      if (e instanceof DomainException && e.code === IdentityError.AUTH_INVALID_CREDENTIALS) {
        throw new DomainException(PosError.POS_APPROVAL_CREDENTIALS_INVALID, 'wrong username or password of the approving manager / 授权人用户名或密码错误', [
          { field: 'password', message: 'wrong username or password' },
        ]);
      }
      throw e;
    }
    if (approver.orgUnitId !== storeId || !approver.permissions.includes(dto.permission)) {
      throw new DomainException(
        PosError.POS_APPROVER_NOT_ALLOWED,
        `${approver.username} may not approve ${dto.permission} / 授权人无此权限`,
        [{ field: 'username', message: `needs ${dto.permission} in this store` }],
        { permission: dto.permission },
      );
    }
    const { token, expiresAt } = await this.auth.signApproval(ctx.user!, approver, [dto.permission], APPROVAL_TTL_SECONDS);
    await this.connection.withTransaction(ctx, (tx) =>
      this.audit.record(tx, {
        entityType: 'pos_approval',
        entityId: approver.id,
        action: 'approve',
        reason: dto.reason,
        after: { permission: dto.permission, cashier: ctx.user!.username, approver: approver.username },
      }),
    );
    return { approvalToken: token, expiresAt, approverId: approver.id, approverName: approver.username, permission: dto.permission };
  }
}
