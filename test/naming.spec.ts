import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** docs/CONVENTIONS.md "Layout": `<feature>.<role>.ts`, the role in the singular; only tests end in `spec.ts`. */
describe('file names', () => {
  const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { cwd: join(__dirname, '..'), encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

  it('name a role in the singular, however many classes the file holds', () => {
    expect(files.filter((f) => /\.(controllers|entities|services|dtos|repositories|handlers)\.ts$/.test(f))).toEqual([]);
  });

  it('end in spec.ts only when they are tests (.spec.ts, .e2e-spec.ts, console/e2e)', () => {
    expect(files.filter((f) => /specs?\.tsx?$/.test(f) && !/(\.spec|\.e2e-spec)\.ts$/.test(f))).toEqual([]);
  });
});
