import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { In } from 'typeorm';
import { AppConfig } from '../common/config';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { OrgUnit, Role, User, UserRole } from './identity.entity';
import { hashPassword } from './password';
import { BUILT_IN_ROLES } from './permissions';

/**
 * HQ start-up: the HQ org unit, the built-in roles (their permissions follow the catalogue of this
 * version) and, on an empty database, the first administrator.
 */
@Injectable()
export class IdentitySeedService {
  private readonly logger = new Logger('IdentitySeed');

  constructor(private readonly connection: TransactionalConnection) {}

  async seedHq(config: AppConfig): Promise<void> {
    const ctx = new RequestContext(null);
    await this.connection.withTransaction(ctx, async (tx) => {
      const m = this.connection.manager(tx);
      // one seeder at a time when several HQ instances start together
      await m.query('SELECT pg_advisory_xact_lock(7301001)');
      let hq = await m.findOneBy(OrgUnit, { kind: 'hq' });
      if (!hq)
        hq = await m.save(m.create(OrgUnit, { code: 'HQ', name: '总部 Headquarters', kind: 'hq', status: 'active', address: null, contact: null, phone: null, openingDate: null }));
      const existing = await m.findBy(Role, { code: In(Object.keys(BUILT_IN_ROLES)) });
      for (const [code, def] of Object.entries(BUILT_IN_ROLES)) {
        const role = existing.find((r) => r.code === code);
        const permissions = [...def.permissions].sort();
        if (!role) await m.save(m.create(Role, { code, name: def.name, orgUnitId: null, permissions, builtIn: true }));
        else if (role.permissions.join() !== permissions.join()) {
          role.permissions = permissions;
          await m.save(role);
        }
      }
      if ((await m.count(User)) === 0) {
        const password = config.adminPassword ?? this.generatedPassword(config);
        const admin = await m.save(
          m.create(User, {
            username: config.adminUsername,
            displayName: '总部管理员 HQ administrator',
            orgUnitId: hq.id,
            passwordHash: await hashPassword(password),
            status: 'active',
            mustChangePassword: !config.adminPassword,
          }),
        );
        const role = await m.findOneByOrFail(Role, { code: 'hq-admin' });
        await m.insert(UserRole, { userId: admin.id, roleId: role.id, grantedBy: null });
        this.logger.log({ username: admin.username }, 'first HQ administrator created');
      }
    });
  }

  /** Without ADMIN_PASSWORD, a random one is written (once) to DATA_DIR/admin-password. */
  private generatedPassword(config: AppConfig): string {
    const password = randomBytes(9).toString('base64url');
    mkdirSync(config.dataDir, { recursive: true });
    const file = join(config.dataDir, 'admin-password');
    if (!existsSync(file)) writeFileSync(file, password + '\n', { mode: 0o600 });
    this.logger.warn({ file }, 'no ADMIN_PASSWORD: a generated password for the first administrator was written to this file');
    return password;
  }
}
