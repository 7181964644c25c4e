import { HealthCheckResultResponse } from '../common/health.responses';
import { Controller, Get, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { JobQueue } from '../jobs/job-queue';
import { Public } from '../common/http/decorators';

/** Extra health indicators a server module can add (e.g. the member-center address at a store). */
export abstract class ExtraHealthIndicators {
  abstract check(): Array<() => Promise<HealthIndicatorResult>>;
}

@Injectable()
export class JobsHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly jobs: JobQueue,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const i = this.indicator.check('jobs');
    let timer: NodeJS.Timeout | undefined;
    try {
      const pending = await Promise.race([this.jobs.pending(), new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000)))]);
      return i.up({ adapter: this.jobs.kind, pending });
    } catch (e) {
      return i.down({ adapter: this.jobs.kind, error: String((e as Error).message) });
    } finally {
      // a health probe every few seconds must not leave 2-second timers behind (they also hold a closing process)
      clearTimeout(timer);
    }
  }
}

@ApiTags('系统设置')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly jobs: JobsHealthIndicator,
    private readonly moduleRef: ModuleRef,
  ) {}

  private extras?: ExtraHealthIndicators[];

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Health: database and jobs (Redis when configured), plus what server modules add' })
  @ApiOkResponse({ type: HealthCheckResultResponse })
  check() {
    const extra = this.extraIndicators().flatMap((x) => x.check());
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3000 }), () => this.jobs.check(), ...extra]);
  }

  /** Every provider of ExtraHealthIndicators in any module (found once; none is fine). */
  private extraIndicators(): ExtraHealthIndicators[] {
    if (!this.extras) {
      try {
        this.extras = this.moduleRef.get(ExtraHealthIndicators, { strict: false, each: true });
      } catch {
        this.extras = [];
      }
    }
    return this.extras;
  }
}
