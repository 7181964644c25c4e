import { ApiErrors } from '../common/http/api-contract';
import { Controller, HttpCode, Injectable, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { CommonError, DomainException, ErrorBody } from '../common/errors';
import { RequirePermission } from '../identity/require-permission';
import { AuthService } from '../identity/auth.service';
import { BullMqJobQueue } from './bullmq.adapter';
import { JobQueue } from './job-queue';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';
const COOKIE = 'chain_admin';
const PERMISSION = 'system.jobs';

/**
 * The BullMQ dashboard (@bull-board) at an admin-only path, mounted when jobs run on Redis. A
 * browser cannot send a bearer header, so `POST /api/admin/queue-session` turns the caller's token
 * into an HttpOnly cookie limited to the dashboard path.
 */
export function mountQueueDashboard(app: INestApplication): boolean {
  const queue = app.get(JobQueue);
  if (!(queue instanceof BullMqJobQueue)) return false;
  const auth = app.get(AuthService);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue.bullQueue)], serverAdapter });
  app.use(QUEUE_DASHBOARD_PATH, cookieParser(), dashboardGuard(auth), serverAdapter.getRouter());
  return true;
}

/** The cookie holds a bearer token: checked like every request (sign-in open, rights as they are now). */
function dashboardGuard(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : (req.cookies?.[COOKIE] as string | undefined);
    const deny = (statusCode: number, code: string, message: string) => res.status(statusCode).json({ statusCode, code, message } satisfies ErrorBody);
    if (!token) return deny(401, CommonError.UNAUTHENTICATED, 'sign in first / 请先登录');
    try {
      const user = await auth.authenticate(token);
      if (!user.permissions.includes(PERMISSION) && !user.permissions.includes('*'))
        return deny(403, CommonError.PERMISSION_DENIED, `permission required: ${PERMISSION} / 无此权限`);
    } catch (e) {
      if (e instanceof DomainException) return deny(401, e.code, e.message);
      return deny(401, CommonError.UNAUTHENTICATED, 'invalid or expired token / 登录已过期');
    }
    next();
  };
}

@Injectable()
export class QueueDashboardService {
  constructor(private readonly queue: JobQueue) {}

  /** The cookie that opens the dashboard in a browser for the token's lifetime. */
  sessionCookie(authorization: string | undefined): { name: string; value: string; path: string } {
    if (!(this.queue instanceof BullMqJobQueue)) {
      throw new DomainException(CommonError.NOT_FOUND, 'the job dashboard needs REDIS_URL (jobs run in-process) / 未配置 Redis，无任务面板');
    }
    return { name: COOKIE, value: (authorization ?? '').replace(/^Bearer\s+/i, ''), path: QUEUE_DASHBOARD_PATH };
  }
}

@ApiTags('系统设置')
@Controller('admin/queue-session')
export class QueueDashboardController {
  constructor(private readonly dashboard: QueueDashboardService) {}

  @Post()
  @HttpCode(204)
  @RequirePermission('system.jobs')
  @ApiOperation({ summary: `Open the BullMQ dashboard (${QUEUE_DASHBOARD_PATH}) in this browser: sets an HttpOnly cookie` })
  @ApiErrors('NOT_FOUND')
  open(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    const c = this.dashboard.sessionCookie(req.headers.authorization);
    res.cookie(c.name, c.value, { httpOnly: true, sameSite: 'strict', path: c.path });
  }
}
