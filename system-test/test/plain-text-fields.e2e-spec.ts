/* eslint-disable @typescript-eslint/no-unsafe-function-type -- Swagger's and class-validator's metadata APIs key classes by Function */
import { getMetadataStorage } from 'class-validator';
import { PLAIN_TEXT, PLAIN_TEXT_EXEMPT } from '@chain-erp/shared';
// every controller and DTO of both servers (and the shared modules they use) is loaded with them
import { HqAppModule } from '@chain-erp/hq-server/app.module';
import { StoreAppModule } from '@chain-erp/store-server/app.module';

interface Meta {
  name?: string;
  propertyName: string;
  target: Function;
  constraints?: unknown[];
  each?: boolean;
}

/**
 * Issue 18: control characters are refused in every free-text field users can enter, on both
 * servers. Walks class-validator's metadata of every DTO loaded by the two servers: a field
 * checked as a string must carry IsPlainText (TextField includes it), unless its value is
 * already confined to a fixed shape (uuid, one of a list, a date, a pattern anchored at both ends
 * over a character class) or it is listed in PLAIN_TEXT_EXEMPT with the reason.
 */
describe('free-text fields refuse control characters (IsPlainText) on both servers', () => {
  it('has loaded both servers', () => {
    expect(HqAppModule).toBeDefined();
    expect(StoreAppModule).toBeDefined();
  });

  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, Meta[]> };

  /** a pattern anchored at both ends whose every part is a character class or literal without `.`, `\S`, `\W`, `\D`, `[^` */
  const confined = (m: Meta) => {
    const re = m.constraints?.[0];
    if (!(re instanceof RegExp)) return false;
    const src = re.source;
    // character classes of listed characters are fine; outside them no `.`, `\S`, `\W`, `\D`
    const outside = src.replace(/\[(?!\^)(?:\\.|[^\]\\])*\]/g, '');
    return src.startsWith('^') && src.endsWith('$') && !/\[\^/.test(src) && !/(^|[^\\])\.|\\[SWD]/.test(outside);
  };
  const SHAPED = new Set([
    'isUuid',
    'isIn',
    'isEnum',
    'isDateString',
    'isIso8601',
    'isISO8601',
    'isNumberString',
    'isEmail',
    'isBooleanString',
    'isMobilePhone',
    'isUrl',
    'isIP',
    'isHexadecimal',
    'isBase64',
    'isJWT',
  ]);

  function fieldsOf(cls: Function): Map<string, Meta[]> {
    const byField = new Map<string, Meta[]>();
    // a subclass inherits its parents' rules
    for (let c: Function | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
      for (const m of storage.validationMetadatas.get(c) ?? []) {
        const list = byField.get(m.propertyName) ?? [];
        list.push(m);
        byField.set(m.propertyName, list);
      }
    }
    return byField;
  }

  it('every string field of every DTO carries IsPlainText, or is shaped, or is a documented exemption', () => {
    const missing: string[] = [];
    let checked = 0;
    let plain = 0;
    for (const cls of storage.validationMetadatas.keys()) {
      // test-only classes of shared specs are not loaded here; every class is a DTO of a server
      for (const [field, metas] of fieldsOf(cls)) {
        const names = metas.map((m) => m.name);
        if (!names.includes('isString')) continue;
        checked++;
        if (names.includes(PLAIN_TEXT)) {
          plain++;
          continue;
        }
        if (metas.some((m) => SHAPED.has(m.name ?? '') || (m.name === 'matches' && confined(m)))) continue;
        if (PLAIN_TEXT_EXEMPT[`${cls.name}.${field}`] || PLAIN_TEXT_EXEMPT[`${cls.name}.*`]) continue;
        missing.push(`${cls.name}.${field}`);
      }
    }
    expect(missing.sort()).toEqual([]);
    // the walk found the DTOs (a broken walk must not pass silently)
    expect(checked).toBeGreaterThan(150);
    expect(plain).toBeGreaterThan(100);
  });

  it('the exemptions name fields that exist and give a reason', () => {
    const all = new Set<string>();
    for (const cls of storage.validationMetadatas.keys()) for (const field of [...fieldsOf(cls).keys(), '*']) all.add(`${cls.name}.${field}`);
    for (const [key, reason] of Object.entries(PLAIN_TEXT_EXEMPT)) {
      expect([key, all.has(key)]).toEqual([key, true]);
      expect(reason.length).toBeGreaterThan(10);
    }
  });
});
