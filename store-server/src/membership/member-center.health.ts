import { ExtraHealthIndicators, RequestContext } from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { MemberCenterClient } from './member-center.client';

/**
 * `memberCenter` in GET /api/health. It is reported "up" with `reachable: false` when HQ cannot be
 * reached: a store sells without HQ, so an outage there must not make the store itself look down
 * to a load balancer or supervisor. Monitoring alerts on `reachable`.
 */
@Injectable()
export class MemberCenterHealth extends ExtraHealthIndicators {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly client: MemberCenterClient,
  ) {
    super();
  }

  check(): Array<() => Promise<HealthIndicatorResult>> {
    return [
      async () => {
        const i = this.indicator.check('memberCenter');
        try {
          return i.up(await this.client.reachable(new RequestContext(null)));
        } catch (e) {
          // e.g. the store is not set up yet: nothing to reach, still not the store's failure
          return i.up({ configured: false, reachable: false, error: (e as Error).message });
        }
      },
    ];
  }
}
