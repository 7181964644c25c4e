import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { CommonError, DomainException, type FieldError } from '../errors';
import { compileDto, type CompiledDto } from './fast-validation';

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

type MetadataLookup = (target: unknown, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => unknown[];

/**
 * class-validator finds a class's rules anew for every object it validates — filtering its rules
 * and testing the class against every decorated class for inheritance, hundreds here — so a sale
 * (a body, 5 lines, a payment) paid for that seven times per request. The rules of a class only
 * change when decorators run (a class is defined): the answer is memoised per class and options,
 * and forgotten whenever a rule, constraint or schema is added. Callers only read the list.
 */
export function memoiseValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as Record<string, unknown> & { getTargetValidationMetadatas: MetadataLookup; __memoised?: boolean };
  if (storage.__memoised) return;
  storage.__memoised = true;
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  let cache = new Map<unknown, Map<string, unknown[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}|${always}|${strictGroups}|${groups?.join('\u0000') ?? ''}`;
    let byOptions = cache.get(target);
    if (!byOptions) cache.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookUp(target, schema, always, strictGroups, groups)));
    return found;
  };
  for (const method of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema']) {
    const add = (storage[method] as (...a: unknown[]) => unknown).bind(storage);
    storage[method] = (...args: unknown[]) => {
      cache = new Map();
      return add(...args);
    };
  }
}

/** The refusal of an invalid request body (the global ValidationPipe's, and routes that check their body themselves). */
export function validationFailure(errors: ValidationError[]): DomainException {
  const fields = flattenValidationErrors(errors).slice(0, 50);
  return new DomainException(
    CommonError.VALIDATION_FAILED,
    `invalid input / 输入有误: ${fields
      .map((f) => f.field)
      .slice(0, 5)
      .join(', ')}`,
    fields,
  );
}

/**
 * The global pipe: a body its class's compiled check passes (`compileDto`: the same constraint
 * functions, no class-validator executor, no class-transformer pass) is built into the instance
 * plainToInstance would make; any other body, query or parameter goes through ValidationPipe,
 * which judges and names the fields. A sale's body was ~4 % of the store's CPU per sale in the
 * ValidationPipe (bench/BENCHMARKS.md, pos-sales).
 */
class CompiledValidationPipe extends ValidationPipe {
  private readonly compiled = new Map<unknown, CompiledDto | null>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const cls = metadata.type === 'body' ? metadata.metatype : undefined;
    if (cls) {
      let dto = this.compiled.get(cls);
      if (dto === undefined) this.compiled.set(cls, (dto = compileDto(cls)));
      if (dto?.check(value)) return dto.build(value);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  memoiseValidationMetadata();
  return new CompiledValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: validationFailure,
  });
}
