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

/** class-transformer changes nothing for a class without @Type/@Transform/@Expose/@Exclude: plainToInstance only copies. */
function transformerTouches(cls: Function): boolean {
  const s = defaultMetadataStorage as Record<string, Map<Function, unknown>>;
  for (let c: Function | null = cls; c && c !== Object.prototype.constructor && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) {
    for (const k of ['_typeMetadatas', '_transformMetadatas', '_exposeMetadatas', '_excludeMetadatas']) if (s[k]?.get(c)) return true;
  }
  return false;
}

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
  if (transformerTouches(cls)) return null;
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
  const properties = [...byProperty.entries()].map(([name, p]) => ({ name, ...p }));
  const allowed = new Set(byProperty.keys());
  for (const [key, v] of Object.entries(fresh)) if (v !== undefined || !allowed.has(key)) return null;
  return (value: unknown): boolean => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) if (!allowed.has(key)) return false;
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
}
