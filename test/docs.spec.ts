import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The README is a short front door and docs/ is the one source for each topic: these checks keep
 * it so — the README stays short and copies nothing, every link in the README and docs/ resolves
 * (file and heading), every docs/ file is reachable from the README, and the design the code cites
 * is the one in the repository, with the sections it cites.
 */
const root = resolve(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const docs = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);

/** GitHub's heading anchor: lower case, punctuation dropped (letters, numbers, `_`, `-` and spaces stay), spaces → `-`. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (m) out.add(anchorOf(m[1]));
  }
  return out;
}

/** Markdown links `[text](target)` outside code fences, with the line they are on. */
function linksOf(markdown: string): Array<{ target: string; line: number }> {
  const out: Array<{ target: string; line: number }> = [];
  let fenced = false;
  markdown.split('\n').forEach((text, i) => {
    if (text.startsWith('```')) fenced = !fenced;
    if (fenced) return;
    for (const m of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) out.push({ target: m[1], line: i + 1 });
  });
  return out;
}

/** Files of the repository a reader or the code would cite from (no dependencies, builds or data). */
function sourceFiles(dir = root): string[] {
  const skip = new Set(['node_modules', 'dist', '.git', '.data', '.demo-data', 'coverage']);
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|js|md|json|ya?ml|sh)$/.test(name) || name === 'run') out.push(relative(root, path));
  }
  return out;
}

describe('README and docs/', () => {
  it('keeps the README a front door: at most 250 lines, no hand copies of docs/ files', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    expect(readme).not.toMatch(/<!--\s*\/?doc:/);
  });

  it('links every docs/ file from the README', () => {
    const targets = new Set(linksOf(read('README.md')).map((l) => l.target.split('#')[0]));
    expect(docs.filter((d) => !targets.has(d))).toEqual([]);
  });

  it('resolves every relative link in the README and docs/, down to the heading', () => {
    const broken: string[] = [];
    for (const file of ['README.md', ...docs]) {
      for (const { target, line } of linksOf(read(file))) {
        if (/^[a-z]+:/i.test(target)) continue; // http(s), mailto
        const [path, anchor] = target.split('#');
        const resolved = path ? join(dirname(file), path) : file;
        if (!existsSync(join(root, resolved))) {
          broken.push(`${file}:${line} → ${target} (no such file)`);
        } else if (anchor && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(decodeURIComponent(anchor))) {
          broken.push(`${file}:${line} → ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('cites the design in the repository, and only sections it has', () => {
    const design = read('docs/design.md');
    const sections = new Set([...design.matchAll(/^## (\d+)\./gm)].map((m) => m[1]));
    const outside: string[] = [];
    const missing: string[] = [];
    for (const file of sourceFiles()) {
      if (file === 'test/docs.spec.ts') continue;
      const text = read(file);
      if (/DESIGN\.md|DESIGN §|shared\/DESIGN/.test(text)) outside.push(file);
      for (const m of text.matchAll(/design\.md §(\d+)/g)) if (!sections.has(m[1])) missing.push(`${file}: §${m[1]}`);
    }
    expect(outside).toEqual([]);
    expect(missing).toEqual([]);
  });
});
