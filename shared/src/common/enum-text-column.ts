import { Column, type ColumnOptions } from 'typeorm';

const VALUES_KEY = 'chain:column-values';

/**
 * A varchar column holding one value of a fixed list (a status, a kind): the list is the const
 * tuple the entity's TypeScript union is derived from, so the entity, its services and the API
 * contract (describeEntity reads it: the documents show an `enum`, the client a union) share one
 * list. The database keeps a varchar (adding a value needs no migration).
 */
export function EnumTextColumn(values: readonly string[], options: Omit<ColumnOptions, 'type' | 'enum'> = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    Reflect.defineMetadata(VALUES_KEY, values, target, key);
    Column({ type: 'varchar', ...options })(target, key);
  };
}

/** The value list of a column declared with EnumTextColumn (or undefined). */
export function columnValues(prototype: object, key: string): readonly string[] | undefined {
  return Reflect.getMetadata(VALUES_KEY, prototype, key) as readonly string[] | undefined;
}
