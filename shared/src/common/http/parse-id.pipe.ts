import { ParseUUIDPipe } from '@nestjs/common';
import { CommonError, DomainException } from '../errors';

/** `@Param('id', ParseId)`: a malformed id is a 400 INVALID_ID, never a database error. */
export const ParseId = new ParseUUIDPipe({
  exceptionFactory: () => new DomainException(CommonError.INVALID_ID, 'id must be a UUID / 编号格式错误', [{ field: 'id', message: 'must be a UUID' }]),
});
