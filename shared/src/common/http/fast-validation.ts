/* eslint-disable @typescript-eslint/no-unsafe-function-type -- classes as class-validator's and class-transformer's metadata key them: by Function */
import { getMetadataStorage, type ValidationArguments } from 'class-validator';

// class-transformer's metadata (no typings for this path): what plainToInstance would change
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: unknown };

/** A compiled check: true only when class-validator (whitelist, forbidNonWhitelisted) would find no error. */
export type FastCheck = (value: unknown) => boolean;

type Rule = (object: Record<string, unknown>, value: unknown) => boolean;

interface Meta {
  type: string;
  name?: string;
  propertyName: string;
  constraints: unknown[];
  constraintCls?: new () => unknown;
  each?: boolean;
  always?: boolean;
  groups?: string[];
  async?: boolean;
}

/**
 * What class-transformer would do to a class besides copying: `null` when it has a @Transform,
 * @Expose or @Exclude (not compiled), else the properties it types with @Type (nested DTOs: plainToInstance makes
 * instances of them) — empty for a class it only copies.
 */
function transformerTypes(cls: Function): Map<string, () => Function> | null {
  const s = defaultMetadataStorage as Record<string, Map<Function, Map<string, { typeFunction: () => Function; options?: { discriminator?: unknown } }>>>;
  const types = new Map<string, () => Function>();
  for (let c: Function | null = cls; c && c !== Object.prototype.constructor && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) {
    for (const k of ['_transformMetadatas', '_exposeMetadatas', '_excludeMetadatas']) if (s[k]?.get(c)) return null;
    for (const [property, t] of s._typeMetadatas?.get(c) ?? []) {
      if (t.options?.discriminator) return null; // the element's class depends on its value
      if (!types.has(property)) types.set(property, t.typeFunction);
    }
  }
  return types;
}

/** A compiled body check and the instance plainToInstance would have made of a body it passed. */
export interface CompiledDto {
  check: FastCheck;
  /** the class instance (and nested instances) of a body `check` passed: what the ValidationPipe's plainToInstance gives */
  build(value: unknown): object;
}

const scalar = (v: unknown) => v === null || typeof v !== 'object';

/**
 * Compiles the class-validator rules of a *flat* DTO (no nested objects, no `each`, no groups, no
 * async rules, nothing class-transformer changes) into one function that calls the very same
 * constraint validators class-validator would, without its executor (ValidationError objects,
 * per-rule bookkeeping): the hot push streams check thousands of bodies per request. Answers null
 * for a class it cannot compile exactly — then use class-validator.
 *
 * The check is a filter, never the judge of a refusal: when it says false, run class-validator
 * (validateSync) to get the errors (and its verdict). When it says true, class-validator would too.
 */
export function compileFlatValidator(cls: Function): FastCheck | null {
  return compile(cls, false)?.check ?? null;
}

/**
 * compileFlatValidator for a request body DTO, plus arrays of nested flat DTOs
 * (`@ValidateNested({ each: true })` with `@Type(() => Line)`: a sale's lines and payments). The
 * ValidationPipe runs it first (`createValidationPipe`): a body it passes is built into instances
 * as plainToInstance would (Object.assign onto `new cls()`; nested arrays element by element), else
 * class-validator judges and names the fields as before. To keep the copy exact, a body passes only
 * when its values (and its nested elements' values) are scalars apart from the nested arrays —
 * plainToInstance deep-copies objects, the build does not: such bodies take the slow path.
 */
export function compileDto(cls: Function): CompiledDto | null {
  return compile(cls, true);
}

function compile(cls: Function, nested: boolean): CompiledDto | null {
  const types = transformerTypes(cls);
  if (!types || (!nested && types.size)) return null;
  const arrays = new Map<string, CompiledDto>();
  // the instance class-validator checks is `new cls()` with the body's values: a field initialiser
  // would give it a value the body lacks (ES2022 class fields are own keys, undefined: fine if ruled)
  let fresh: Record<string, unknown>;
  try {
    fresh = new (cls as new () => Record<string, unknown>)();
  } catch {
    return null;
  }
  const storage = getMetadataStorage();
  const metas = storage.getTargetValidationMetadatas(cls, '', false, false) as unknown as Meta[];
  if (!metas.length) return null;
  const byProperty = new Map<string, { conditions: Array<(o: Record<string, unknown>, v: unknown) => boolean>; rules: Rule[] }>();
  for (const m of metas) {
    if (m.type === 'nestedValidation' && nested && m.each && !m.always && !m.groups?.length) {
      // an array of a flat DTO: each element checked by that DTO's compiled check
      const typeOf = types.get(m.propertyName);
      const inner = typeOf && compile(typeOf(), false);
      if (!inner) return null;
      arrays.set(m.propertyName, inner);
      continue;
    }
    if (m.each || m.always || m.groups?.length) return null;
    let p = byProperty.get(m.propertyName);
    if (!p) byProperty.set(m.propertyName, (p = { conditions: [], rules: [] }));
    switch (m.type) {
      case 'conditionalValidation': {
        const condition = m.constraints[0] as (o: Record<string, unknown>, v: unknown) => boolean;
        if (typeof condition !== 'function') return null;
        p.conditions.push(condition);
        break;
      }
      case 'isDefined':
        p.rules.push((_o, v) => v !== undefined && v !== null);
        break;
      case 'whitelistValidation':
        break;
      case 'customValidation': {
        if (!m.constraintCls) return null;
        const constraints = storage.getTargetValidatorConstraints(m.constraintCls);
        if (!constraints.length || constraints.some((c) => c.async)) return null;
        const property = m.propertyName;
        const targetName = cls.name;
        for (const c of constraints) {
          const instance = c.instance as { validate(value: unknown, args: ValidationArguments): boolean | Promise<boolean> };
          p.rules.push((object, value) => {
            const ok = instance.validate(value, { targetName, property, object, value, constraints: m.constraints });
            return ok === true;
          });
        }
        break;
      }
      default:
        // nested, promise and anything newer: not compiled
        return null;
    }
  }
  // every typed property is a checked nested array: any other @Type changes values (not compiled)
  for (const property of types.keys()) if (!arrays.has(property)) return null;
  for (const [property, inner] of arrays) {
    const p = byProperty.get(property) ?? { conditions: [], rules: [] };
    byProperty.set(property, p);
    p.rules.push((_o, v) => Array.isArray(v) && v.every((e) => inner.check(e) && Object.values(e as object).every(scalar)));
  }
  const properties = [...byProperty.entries()].map(([name, p]) => ({ name, ...p }));
  const allowed = new Set(byProperty.keys());
  for (const [key, v] of Object.entries(fresh)) if (v !== undefined || !allowed.has(key)) return null;
  const check = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) if (!allowed.has(key) || (nested && !arrays.has(key) && !scalar(object[key]))) return false;
    for (const p of properties) {
      const v = object[p.name];
      // IsOptional / ValidateIf: class-validator skips the property's other rules when a condition fails
      let skip = false;
      for (const c of p.conditions) if (!c(object, v)) skip = true;
      if (skip) continue;
      for (const rule of p.rules) if (!rule(object, v)) return false;
    }
    return true;
  };
  const make = cls as new () => object;
  const build = (value: unknown): object => {
    const out = Object.assign(new make(), value) as Record<string, unknown>;
    for (const [property, inner] of arrays) if (Array.isArray(out[property])) out[property] = (out[property] as unknown[]).map((e) => inner.build(e));
    return out;
  };
  return { check, build };
}
