import { ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonError, DomainException, FieldError } from '../errors';

/** Flattens class-validator errors into `{ field: 'lines.2.quantity', message }`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors).slice(0, 50);
      return new DomainException(CommonError.VALIDATION_FAILED, `invalid input / 输入有误: ${fields.map((f) => f.field).slice(0, 5).join(', ')}`, fields);
    },
  });
}
