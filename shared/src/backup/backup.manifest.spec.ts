import { DomainException } from '../common/errors';
import { backupName, isBackupName, manifestPathOf, parseManifest } from './backup.manifest';
import { libpqConnection, redactUrl } from './pg-tools';
import { compareChecksums } from './table-checksums';

describe('backup names', () => {
  it('are made from kind, org code and UTC time, and only that shape is accepted', () => {
    const name = backupName('store', 'S-001', new Date('2026-11-22T02:00:00.123Z'));
    expect(name).toBe('store-S_001-20261122T020000123Z');
    expect(isBackupName(name)).toBe(true);
    expect(backupName('store', null, new Date('2026-11-22T02:00:00Z'))).toBe('store-unknown-20261122T020000000Z');
    for (const bad of [
      '../hq-HQ-20261122T020000123Z',
      'hq-HQ-20261122T020000123Z.dump',
      'hq-../..-20261122T020000123Z',
      'x-HQ-20261122T020000123Z',
      'hq-HQ-20261122T020000123Z/',
      '',
    ]) {
      expect(isBackupName(bad)).toBe(false);
    }
    expect(manifestPathOf('/b/hq-HQ-20261122T020000123Z.dump')).toBe('/b/hq-HQ-20261122T020000123Z.manifest.json');
  });
});

describe('manifests', () => {
  const good = {
    format: 'chain-erp-backup/1',
    name: 'hq-HQ-20261122T020000123Z',
    createdAt: '2026-11-22T02:00:00.200Z',
    server: 'hq',
    orgCode: 'HQ',
    schemaVersion: 'Foundation1',
    database: 'chain_hq',
    postgresVersion: '15.18',
    archive: { file: 'hq-HQ-20261122T020000123Z.dump', bytes: 10, sha256: 'a'.repeat(64) },
    tables: [{ table: 'public.x', rows: 1, checksum: 'c' }],
  };

  it('parses a good one and calls anything else a corrupt archive', () => {
    expect(parseManifest(JSON.stringify(good), 'm').server).toBe('hq');
    for (const text of ['{', '[]', JSON.stringify({ ...good, server: 'pos' }), JSON.stringify({ ...good, archive: { ...good.archive, sha256: 'zz' } })]) {
      const e = (() => {
        try {
          parseManifest(text, 'm');
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(DomainException);
      expect((e as DomainException).code).toBe('BACKUP_ARCHIVE_CORRUPT');
    }
  });
});

describe('checksum comparison', () => {
  it('names every table that differs, is missing or is extra', () => {
    const a = [
      { table: 'public.a', rows: 1, checksum: 'x' },
      { table: 'public.b', rows: 2, checksum: 'y' },
      { table: 'public.c', rows: 0, checksum: 'z' },
    ];
    expect(compareChecksums(a, a)).toEqual([]);
    expect(
      compareChecksums(a, [
        { table: 'public.a', rows: 1, checksum: 'other' },
        { table: 'public.b', rows: 3, checksum: 'y' },
        { table: 'public.d', rows: 0, checksum: 'z' },
      ]),
    ).toEqual(['public.a: checksum differs', 'public.b: 3 rows, expected 2', 'public.c: missing', 'public.d: not in the manifest']);
  });
});

describe('database URLs for the client tools', () => {
  it('keep the password off the command line and out of messages', () => {
    const { dbname, env } = libpqConnection('postgresql://erp:p%40ss@db:5432/erp?sslmode=require');
    expect(dbname).toBe('postgresql://erp@db:5432/erp?sslmode=require');
    expect(env).toEqual({ PGPASSWORD: 'p@ss' });
    expect(redactUrl('postgresql://erp:p%40ss@db/erp')).toBe('postgresql://erp:***@db/erp');
  });
});
