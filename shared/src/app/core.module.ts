import { createHash, createSecretKey } from 'node:crypto';
import { consoleModules } from '../common/console-static';
import { BeforeApplicationShutdown, DynamicModule, Global, MiddlewareConsumer, Module, NestModule, RequestMethod, Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditService } from '../documents/audit.service';
import { DocumentNumberService } from '../documents/document-number.service';
import { DOCUMENT_ENTITIES } from '../documents/documents.entity';
import { BACKUP_ENTITIES } from '../backup/database-incarnation.entity';
import { AuthGuard } from '../identity/auth.guards';
import { AuthService } from '../identity/auth.service';
import { AuthSessionRepository } from '../identity/auth-session.repository';
import { AuthController, PermissionsController } from '../identity/identity.controller';
import { IDENTITY_ENTITIES } from '../identity/identity.entity';
import { OrgUnitService } from '../identity/org-unit.service';
import { RoleService } from '../identity/role.service';
import { UserService } from '../identity/user.service';
import { JobName } from '../jobs/job-names';
import { JobsModule } from '../jobs/jobs.module';
import { QueueDashboardController, QueueDashboardService } from '../jobs/queue-dashboard';
import { OperationLogController, OperationLogService } from '../documents/operation-log.service';
import { AuditController, AuditQueryService } from '../documents/audit.controller';
import { APP_CONFIG, AppConfig } from '../common/config';
import { HealthController, JobsHealthIndicator } from './health';
import { AllExceptionsFilter } from '../common/http/exception.filter';
import { NoUnexpectedBodyGuard } from '../common/http/no-body.guard';
import { pinoParams } from '../common/http/logging';
import { RedisThrottlerStorage } from '../common/http/redis-throttler.storage';
import { flushOperationLog, OperationLogMiddleware } from '../documents/operation-log.middleware';
import { TransactionalConnection } from '../common/transactional-connection';
import { Clock } from '../common/clock';

export interface CoreOptions {
  config: AppConfig;
  databaseUrl: string;
  /** the server's own entities (identity and documents are added here) */
  entities: Type[];
  migrations: Type[];
  jobs: JobName[];
  /** only for throwaway test databases */
  synchronize?: boolean;
}

export const CORE_ENTITIES: Type[] = [...IDENTITY_ENTITIES, ...DOCUMENT_ENTITIES, ...BACKUP_ENTITIES];

/**
 * What every server has: validated config, JSON logs with request ids, the database (migrations at
 * start-up), jobs, JWT auth + permission guard, the error shape, the operation log, health, and the
 * identity and documents services.
 */
@Global()
@Module({})
export class CoreModule implements NestModule, BeforeApplicationShutdown {
  async beforeApplicationShutdown(): Promise<void> {
    await flushOperationLog();
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(OperationLogMiddleware).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }

  static forRoot(options: CoreOptions): DynamicModule {
    const { config } = options;
    const jwtKey = createSecretKey(Buffer.from(config.jwtSecret));
    const services = [
      AuditQueryService,
      OperationLogService,
      QueueDashboardService,
      TransactionalConnection,
      AuditService,
      DocumentNumberService,
      AuthService,
      AuthSessionRepository,
      UserService,
      RoleService,
      OrgUnitService,
      JobsHealthIndicator,
      Clock,
    ];
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ app: config })] }),
        LoggerModule.forRoot(pinoParams(config.logLevel)),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            type: 'postgres' as const,
            url: options.databaseUrl,
            uuidExtension: 'pgcrypto' as const,
            installExtensions: false,
            entities: [...CORE_ENTITIES, ...options.entities],
            migrations: options.migrations,
            migrationsRun: false,
            migrationsTransactionMode: 'each' as const,
            synchronize: !!options.synchronize,
            extra: { max: 20, application_name: `chain-erp-${config.server}` },
            // failed queries are logged by the exception filter when they matter; silent means silent
            logging: config.logLevel === 'silent' ? false : ['error' as const],
          }),
          dataSourceFactory: async (dsOptions) => {
            const ds = await new DataSource(dsOptions!).initialize();
            if (!options.synchronize) await runMigrationsLocked(ds);
            return ds;
          },
        }),
        // a KeyObject, made once: given the string, jsonwebtoken first tries (and fails) to parse it as a public key on every verify
        JwtModule.register({ secretOrKeyProvider: () => jwtKey, signOptions: { expiresIn: config.jwtTtlSeconds, algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
        // with Redis the request throttle is counted across all instances (docs/operations.md)
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'login', ttl: 60_000, limit: 30 }],
          storage: config.redisUrl ? new RedisThrottlerStorage(config.redisUrl, queueNameOf(config)) : undefined,
        }),
        TerminusModule.forRoot({ logger: false }),
        JobsModule.forRoot({ redisUrl: config.redisUrl, queueName: queueNameOf(config), jobs: options.jobs }),
        // the web console at / (docs/console.md)
        ...consoleModules(),
      ],
      controllers: [HealthController, AuthController, PermissionsController, QueueDashboardController, OperationLogController, AuditController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        ...services,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: NoUnexpectedBodyGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
      exports: [APP_CONFIG, JwtModule, ...services],
    };
  }
}

/**
 * The BullMQ queue of a server: JOB_QUEUE when set (all HQ instances of one installation must use
 * the same), otherwise one per server database — named after the database's *name* (not how its
 * host or port is written: `localhost` and `127.0.0.1` must not make two queues with their own
 * schedules), or for the embedded database after its data folder. Servers sharing a Redis never
 * take each other's jobs as long as their databases have different names (else set JOB_QUEUE).
 */
export function queueNameOf(config: Pick<AppConfig, 'server' | 'jobQueue' | 'dataDir' | 'databaseUrl'>): string {
  if (config.jobQueue) return config.jobQueue;
  const db = config.databaseUrl
    ? decodeURIComponent(new URL(config.databaseUrl).pathname.replace(/^\//, '')) || 'postgres'
    : `embedded-${createHash('sha256').update(config.dataDir).digest('hex').slice(0, 12)}`;
  return `chain-${config.server}-${db}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * Migrations at start-up, one server instance at a time: several HQ instances starting together
 * queue on an advisory lock, and the ones that follow find nothing left to run.
 */
export async function runMigrationsLocked(ds: DataSource): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(7301000)');
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(7301000)');
    }
  } finally {
    await runner.release();
  }
}
