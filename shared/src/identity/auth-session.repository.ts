import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import type { SessionEndReason } from './identity.entity';

/** A sign-in as the guard sees it: the session, its user and org unit now, and the user's granted codes. */
export interface SessionStateRow {
  user_id: string;
  session_epoch: number;
  expires_at: Date;
  ended_at: Date | null;
  end_reason: SessionEndReason | null;
  username: string;
  user_status: string;
  user_epoch: number;
  org_id: string;
  org_code: string;
  org_kind: 'hq' | 'store';
  org_status: string;
  permissions: string[];
}

const SQL = sqlStatements('identity.auth-session', {
  insert: `INSERT INTO auth_session (id, user_id, session_epoch, issued_at, expires_at, ip) VALUES ($1, $2, $3, now(), $4, $5)`,
  state: `SELECT s.user_id, s.session_epoch, s.expires_at, s.ended_at, s.end_reason,
              u.username, u.status AS user_status, u.session_epoch AS user_epoch,
              o.id AS org_id, o.code AS org_code, o.kind AS org_kind, o.status AS org_status,
              coalesce((SELECT array_agg(DISTINCT p.code) FROM user_role ur JOIN role r ON r.id = ur.role_id CROSS JOIN LATERAL unnest(r.permissions) AS p(code)
                         WHERE ur.user_id = u.id), '{}') AS permissions
         FROM auth_session s JOIN app_user u ON u.id = s.user_id JOIN org_unit o ON o.id = u.org_unit_id
        WHERE s.id = $1`,
  end: `UPDATE auth_session SET ended_at = now(), end_reason = $2 WHERE user_id = ANY($1::uuid[]) AND ended_at IS NULL AND ($3::uuid IS NULL OR id <> $3) RETURNING id`,
  endOne: `UPDATE auth_session SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`,
  bumpEpoch: `UPDATE app_user SET session_epoch = session_epoch + 1 WHERE id = ANY($1::uuid[])`,
  keepEpoch: `UPDATE auth_session s SET session_epoch = u.session_epoch FROM app_user u WHERE s.id = $1 AND u.id = s.user_id`,
  holdersOf: `SELECT user_id FROM user_role WHERE role_id = $1`,
  usersOf: `SELECT id FROM app_user WHERE org_unit_id = $1`,
  prune: `DELETE FROM auth_session WHERE expires_at < now() - interval '1 day'`,
  countFailedLogin: `UPDATE app_user SET failed_login_count = failed_login_count + 1,
           locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
         WHERE id = $1 RETURNING failed_login_count, locked_until`,
  loginSucceeded: `UPDATE app_user SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`,
});

/** SQL of sign-ins (auth_session), of ending them, and of the login counters. */
@Injectable()
export class AuthSessionRepository {
  async insert(m: EntityManager, s: { id: string; userId: string; sessionEpoch: number; expiresAt: Date; ip: string | null }): Promise<void> {
    await m.query(SQL.insert, [s.id, s.userId, s.sessionEpoch, s.expiresAt, s.ip]);
  }

  /** One round trip per (uncached) request: prepared, so each connection plans it once. */
  async state(m: EntityManager, sessionId: string): Promise<SessionStateRow | undefined> {
    const [row] = await queryRows<SessionStateRow>(m, SQL.state, [sessionId], { prepared: true });
    return row;
  }

  /** Ends the open sign-ins of these users, but `keep`. */
  async end(m: EntityManager, userIds: string[], reason: SessionEndReason, keep: string | null): Promise<number> {
    if (!userIds.length) return 0;
    const rows = await queryRows<{ id: string }>(m, SQL.end, [userIds, reason, keep]);
    return rows.length;
  }

  /** Ends one sign-in (logout). */
  async endOne(m: EntityManager, sessionId: string, reason: SessionEndReason): Promise<void> {
    await m.query(SQL.endOne, [sessionId, reason]);
  }

  /**
   * HQ: raises the users' session epoch, so their sign-ins end here and, once the rows arrive by
   * sync, at every store. `keep` (the caller's own sign-in, e.g. after changing one's password) moves
   * along with its user's new epoch.
   */
  async bumpEpoch(m: EntityManager, userIds: string[], keep: string | null): Promise<void> {
    if (!userIds.length) return;
    await m.query(SQL.bumpEpoch, [userIds]);
    if (keep) await m.query(SQL.keepEpoch, [keep]);
  }

  /** Users holding a role. */
  async holdersOf(m: EntityManager, roleId: string): Promise<string[]> {
    return (await queryRows<{ user_id: string }>(m, SQL.holdersOf, [roleId])).map((r) => r.user_id);
  }

  /** Users of an org unit. */
  async usersOf(m: EntityManager, orgUnitId: string): Promise<string[]> {
    return (await queryRows<{ id: string }>(m, SQL.usersOf, [orgUnitId])).map((r) => r.id);
  }

  /** A wrong password, counted in one statement so concurrent failures cannot undercount; locks the account at `limit`. */
  async countFailedLogin(m: EntityManager, userId: string, limit: number, lockMinutes: number): Promise<{ failed_login_count: number; locked_until: Date | null } | undefined> {
    const [row] = await queryRows<{ failed_login_count: number; locked_until: Date | null }>(m, SQL.countFailedLogin, [userId, limit, lockMinutes]);
    return row;
  }

  /**
   * Raw SQL on purpose: login counters are local state and must not bump row_version, which
   * belongs to HQ and drives replication to the stores.
   */
  async loginSucceeded(m: EntityManager, userId: string): Promise<void> {
    await m.query(SQL.loginSucceeded, [userId]);
  }

  /** Sign-ins past their expiry (a day's grace to read why a token stopped) are of no further use. */
  async prune(m: EntityManager): Promise<void> {
    await m.query(SQL.prune);
  }
}
