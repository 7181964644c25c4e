import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { CommonError, DomainException, ErrorBody, FieldError } from '../errors';

/** PostgreSQL SQLSTATEs that are the caller's fault, mapped to stable codes. */
const PG_ERRORS: Record<string, { code: string; message: string }> = {
  '23505': { code: CommonError.DUPLICATE, message: 'a record with this key already exists / 记录已存在' },
  '23503': { code: CommonError.CONFLICT, message: 'the record is referenced by or refers to a missing record / 关联记录不存在或仍被引用' },
  '23514': { code: CommonError.VALIDATION_FAILED, message: 'a value is outside its allowed range / 数值超出允许范围' },
  '23P01': { code: CommonError.CONFLICT, message: 'the value overlaps an existing record / 与已有记录重叠' },
  '22P02': { code: CommonError.VALIDATION_FAILED, message: 'a value has the wrong format / 数据格式错误' },
  '22003': { code: CommonError.VALIDATION_FAILED, message: 'a number is too large / 数值过大' },
  '22001': { code: CommonError.VALIDATION_FAILED, message: 'a text is too long / 文本过长' },
  '22007': { code: CommonError.VALIDATION_FAILED, message: 'a date has the wrong format / 日期格式错误' },
  '22008': { code: CommonError.VALIDATION_FAILED, message: 'a date is out of range / 日期超出范围' },
  '40001': { code: CommonError.SERIALIZATION_RETRY, message: 'the record changed meanwhile, retry / 数据已被修改，请重试' },
  '40P01': { code: CommonError.SERIALIZATION_RETRY, message: 'the record changed meanwhile, retry / 数据已被修改，请重试' },
  '55P03': { code: CommonError.SERIALIZATION_RETRY, message: 'the record is busy, retry / 记录正被占用，请重试' },
};

/**
 * The one mapping point from errors to responses: `{ statusCode, code, message, fields?, details? }`.
 * Only an unexpected error is a 500, and it is logged with its stack; its message is not shown.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request & { id?: string }>();
    const body = toErrorBody(exception);
    body.requestId = req?.id ? String(req.id) : undefined;
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId, path: req?.originalUrl }, 'unhandled error');
    }
    if (res.headersSent) return;
    (res as Response & { locals: Record<string, unknown> }).locals.errorCode = body.code;
    res.status(body.statusCode).json(body);
  }
}

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainException) {
    return { statusCode: exception.status, code: exception.code, message: exception.message, fields: exception.fields, details: exception.details };
  }
  if (exception instanceof ThrottlerException) {
    return { statusCode: 429, code: CommonError.RATE_LIMITED, message: 'too many requests, wait a moment / 请求过于频繁，请稍后再试' };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse() as { message?: unknown; fields?: FieldError[]; code?: string } | string;
    if (typeof response === 'object' && response.code && typeof response.code === 'string') {
      return { statusCode: status, code: response.code, message: String(response.message ?? exception.message), fields: response.fields };
    }
    return {
      statusCode: status,
      code: codeForStatus(status),
      message: typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message),
    };
  }
  if (exception instanceof EntityNotFoundError) {
    return { statusCode: 404, code: CommonError.NOT_FOUND, message: 'record not found / 未找到' };
  }
  if (exception instanceof QueryFailedError) {
    const pgCode = (exception as QueryFailedError & { driverError?: { code?: string; constraint?: string; detail?: string } }).driverError;
    const mapped = pgCode?.code ? PG_ERRORS[pgCode.code] : undefined;
    if (mapped) {
      const status = mapped.code === CommonError.DUPLICATE || mapped.code === CommonError.CONFLICT || mapped.code === CommonError.SERIALIZATION_RETRY ? 409 : 400;
      return { statusCode: status, code: mapped.code, message: mapped.message, details: pgCode?.constraint ? { constraint: pgCode.constraint } : undefined };
    }
  }
  // body-parser errors carry `type` and `status`
  const bp = exception as { type?: string; status?: number; statusCode?: number };
  if (bp && typeof bp === 'object' && typeof bp.type === 'string' && (bp.status ?? bp.statusCode)) {
    if (bp.type === 'entity.parse.failed') return { statusCode: 400, code: CommonError.MALFORMED_JSON, message: 'the body is not valid JSON / 请求体不是合法的 JSON' };
    if (bp.type === 'entity.too.large') return { statusCode: 413, code: CommonError.PAYLOAD_TOO_LARGE, message: 'the body is too large / 请求体过大' };
    const status = bp.status ?? bp.statusCode ?? 400;
    if (status < 500) return { statusCode: status, code: codeForStatus(status), message: 'the request body could not be read / 无法读取请求体' };
  }
  return { statusCode: 500, code: CommonError.INTERNAL_ERROR, message: 'internal error / 服务器内部错误' };
}

function codeForStatus(status: number): string {
  // Nest hands the status as a number; the cases are its HttpStatus values
  /* eslint-disable @typescript-eslint/no-unsafe-enum-comparison */
  switch (status) {
    case HttpStatus.BAD_REQUEST:
      return CommonError.BAD_REQUEST;
    case HttpStatus.UNAUTHORIZED:
      return CommonError.UNAUTHENTICATED;
    case HttpStatus.FORBIDDEN:
      return CommonError.FORBIDDEN;
    case HttpStatus.NOT_FOUND:
      return CommonError.ROUTE_NOT_FOUND;
    case HttpStatus.METHOD_NOT_ALLOWED:
      return CommonError.METHOD_NOT_ALLOWED;
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return CommonError.PAYLOAD_TOO_LARGE;
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return CommonError.UNSUPPORTED_MEDIA_TYPE;
    case HttpStatus.TOO_MANY_REQUESTS:
      return CommonError.RATE_LIMITED;
    case HttpStatus.CONFLICT:
      return CommonError.CONFLICT;
    case HttpStatus.UNPROCESSABLE_ENTITY:
      return CommonError.UNPROCESSABLE;
    case HttpStatus.SERVICE_UNAVAILABLE:
      return CommonError.SERVICE_UNAVAILABLE;
    default:
      return status >= 500 ? CommonError.INTERNAL_ERROR : CommonError.BAD_REQUEST;
  }
  /* eslint-enable @typescript-eslint/no-unsafe-enum-comparison */
}
