import { BeforeApplicationShutdown, DynamicModule, Global, MiddlewareConsumer, Module, NestModule, RequestMethod, Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditService } from '../documents/audit.service';
import { DocumentNumberService } from '../documents/document-number.service';
import { DOCUMENT_ENTITIES } from '../documents/documents.entities';
import { AuthGuard } from '../identity/auth.guards';
import { AuthService } from '../identity/auth.service';
import { AuthController, PermissionsController } from '../identity/identity.controllers';
import { IDENTITY_ENTITIES } from '../identity/identity.entities';
import { OrgUnitService } from '../identity/org-unit.service';
import { RoleService } from '../identity/role.service';
import { UserService } from '../identity/user.service';
import { JobName } from '../jobs/job-names';
import { JobsModule } from '../jobs/jobs.module';
import { APP_CONFIG, AppConfig } from './config';
import { HealthController, JobsHealthIndicator } from './health';
import { AllExceptionsFilter } from './http/exception.filter';
import { pinoParams } from './http/logging';
import { flushOperationLog, OperationLogMiddleware } from './http/operation-log.middleware';
import { TransactionalConnection } from './transactional-connection';

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

export const CORE_ENTITIES: Type[] = [...IDENTITY_ENTITIES, ...DOCUMENT_ENTITIES];

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
    const services = [TransactionalConnection, AuditService, DocumentNumberService, AuthService, UserService, RoleService, OrgUnitService, JobsHealthIndicator];
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ app: config })] }),
        LoggerModule.forRoot(pinoParams(config.logLevel)),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.databaseUrl,
          uuidExtension: 'pgcrypto',
          installExtensions: false,
          entities: [...CORE_ENTITIES, ...options.entities],
          migrations: options.migrations,
          migrationsRun: !options.synchronize,
          migrationsTransactionMode: 'each',
          synchronize: !!options.synchronize,
          extra: { max: 20, application_name: `chain-erp-${config.server}` },
          logging: ['error'],
        }),
        JwtModule.register({ secret: config.jwtSecret, signOptions: { expiresIn: config.jwtTtlSeconds, algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
        ThrottlerModule.forRoot({ throttlers: [{ name: 'login', ttl: 60_000, limit: 30 }] }),
        TerminusModule.forRoot({ logger: false }),
        JobsModule.forRoot({ redisUrl: config.redisUrl, queueName: queueNameOf(options.databaseUrl, config.server), jobs: options.jobs }),
      ],
      controllers: [HealthController, AuthController, PermissionsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        ...services,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
      exports: [APP_CONFIG, JwtModule, ...services],
    };
  }
}

/** One BullMQ queue per server database, so servers sharing a Redis never take each other's jobs. */
export function queueNameOf(databaseUrl: string, server: string): string {
  const u = new URL(databaseUrl);
  return `chain-${server}-${u.hostname}-${u.port || 5432}-${u.pathname.replace(/^\//, '')}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
