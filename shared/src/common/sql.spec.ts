import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { createEmptyDatabase, dropDatabase } from '../testing';
import { insertRows, insertStatements } from './sql';

@Entity('sql_spec_item')
class SqlSpecItem {
  @PrimaryColumn('int') id!: number;
  @Column({ name: 'item_name', type: 'varchar', length: 40 }) name!: string;
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, default: 7 }) price!: string;
  @Column({ name: 'note_text', type: 'text', nullable: true }) note!: string | null;
}

/** insertRows: rows as JSON expanded by json_populate_recordset; the statement's shape is reused per entity and row keys. */
describe('insertRows / insertStatements', () => {
  let url: string;
  let ds: DataSource;

  beforeAll(async () => {
    url = await createEmptyDatabase('sqlrows');
    ds = new DataSource({ type: 'postgres', url, entities: [SqlSpecItem], synchronize: true, logging: false });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(url);
  });
  beforeEach(() => ds.query('DELETE FROM sql_spec_item'));

  const rows = () => ds.query(`SELECT id, item_name, price::text AS price, note_text FROM sql_spec_item ORDER BY id`);

  it('writes only the columns the rows carry (absent ones take their default; undefined is NULL), with database column names', async () => {
    await insertRows(ds.manager, [{ entity: SqlSpecItem, rows: [{ id: 1, name: 'a', note: undefined }] }]);
    // same keys again: the cached shape
    await insertRows(ds.manager, [{ entity: SqlSpecItem, rows: [{ id: 2, name: 'b', note: 'x' }] }]);
    // other keys: another shape, not the cached one
    await insertRows(ds.manager, [{ entity: SqlSpecItem, rows: [{ id: 3, name: 'c', price: '1.50' }] }]);
    expect(await rows()).toEqual([
      { id: 1, item_name: 'a', price: '7.00', note_text: null },
      { id: 2, item_name: 'b', price: '7.00', note_text: 'x' },
      { id: 3, item_name: 'c', price: '1.50', note_text: null },
    ]);
  });

  it('rows of one part with different keys take the union of their columns (a missing one is NULL there)', async () => {
    await insertRows(ds.manager, [
      {
        entity: SqlSpecItem,
        rows: [
          { id: 4, name: 'd', price: '2.00' },
          { id: 5, name: 'e', note: 'y' },
        ],
      },
    ]);
    expect(await rows()).toEqual([
      { id: 4, item_name: 'd', price: '2.00', note_text: null },
      { id: 5, item_name: 'e', price: null, note_text: 'y' },
    ]);
  });

  it('numbers its parameters after the offset and skips parts without rows', () => {
    const { statements, params } = insertStatements(
      ds.manager,
      [
        { entity: SqlSpecItem, rows: [] },
        { entity: SqlSpecItem, rows: [{ id: 6, name: 'f' }] },
      ],
      3,
    );
    expect(statements).toEqual([`INSERT INTO "sql_spec_item" ("id", "item_name") SELECT "id", "item_name" FROM json_populate_recordset(NULL::"sql_spec_item", $4::json)`]);
    expect(JSON.parse(params[0])).toEqual([{ id: 6, item_name: 'f' }]);
  });
});
