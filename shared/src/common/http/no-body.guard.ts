import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { CommonError, DomainException } from '../errors';

/**
 * A route that takes no body refuses one: an action like `POST …/post` must not silently ignore
 * fields a client believes it sent (and a hostile body must not reach a handler that does work).
 */
@Injectable()
export class NoUnexpectedBodyGuard implements CanActivate {
  private readonly takesBody = new WeakMap<object, boolean>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return true;
    const handler = context.getHandler();
    let takes = this.takesBody.get(handler);
    if (takes === undefined) {
      const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {};
      // a body param, or the raw request/multer file (uploads read the body themselves)
      takes = Object.keys(args).some((k) => [RouteParamtypes.BODY, RouteParamtypes.REQUEST, RouteParamtypes.FILE, RouteParamtypes.FILES].map(String).includes(k.split(':')[0]));
      this.takesBody.set(handler, takes);
    }
    if (takes) return true;
    const body: unknown = req.body;
    const empty = body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
    if (!empty) {
      throw new DomainException(CommonError.VALIDATION_FAILED, 'this action takes no body / 此操作不接受请求体', [{ field: 'body', message: 'must be empty' }]);
    }
    return true;
  }
}
