// The dependency rules of .dependency-cruiser.cjs catch what they name: each case writes a
// small graph into a temporary src/ and cruises it with the project's own rules. The last
// case cruises the real src/, which CI also checks with `npm run lint:deps`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: IForbiddenRuleType[] };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Cruises `files` (path → source) laid out under a fresh directory; returns the rule names violated. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const base = mkdtempSync(join(tmpdir(), 'depgraph-'));
  dirs.push(base);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), text);
  }
  const { output } = await cruise(
    ['src'],
    { baseDir: base, validate: true, ruleSet: { forbidden: config.forbidden }, tsPreCompilationDeps: true },
    { extensions: ['.ts', '.js'] },
  );
  const result = output as ICruiseResult;
  return [...new Set(result.summary.violations.map((v) => v.rule.name))].sort();
}

describe('the dependency rules', () => {
  it('refuse a cycle inside a capability', async () => {
    expect(
      await violations({
        'src/policies/a.ts': "import { b } from './b';\nexport const a = b;\n",
        'src/policies/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      }),
    ).toContain('no-circular');
  });

  it('refuse a cycle of type-only imports too', async () => {
    expect(
      await violations({
        'src/policies/a.ts': "import type { B } from './b';\nexport type A = B[];\n",
        'src/policies/b.ts': "import type { A } from './a';\nexport type B = { a: A };\n",
      }),
    ).toContain('no-circular');
  });

  it('refuse a capability importing one above it in the DAG', async () => {
    expect(
      await violations({
        'src/domains/x.ts': "import { y } from '../policies/y';\nexport const x = y;\n",
        'src/policies/y.ts': 'export const y = 1;\n',
      }),
    ).toEqual(['domains-imports-upward']);
    expect(
      await violations({
        'src/accounts/t.ts': "import { r } from '../policies/r';\nexport const t = r;\n",
        'src/policies/r.ts': 'export const r = 1;\n',
      }),
    ).toEqual(['accounts-imports-upward']);
    expect(
      await violations({
        'src/platform/p.ts': "import type { Db } from '../db/client';\nexport type P = Db;\n",
        'src/db/client.ts': 'export type Db = object;\n',
      }),
    ).toEqual(['platform-imports-upward']);
  });

  it('allow a capability importing one below it', async () => {
    expect(
      await violations({
        'src/migration/m.ts': "import { p } from '../policies/p';\nexport const m = p;\n",
        'src/policies/p.ts': "import { d } from '../domains/d';\nexport const p = d;\n",
        'src/domains/d.ts': 'export const d = 1;\n',
      }),
    ).toEqual([]);
  });

  it('refuse a capability importing the GraphQL layer or the composition root', async () => {
    const found = await violations({
      'src/policies/z.ts': "import { builder } from '../graphql/builder';\nexport const z = builder;\n",
      'src/graphql/builder.ts': 'export const builder = 1;\n',
    });
    expect(found).toContain('capability-imports-graphql-or-app');
    expect(
      await violations({
        'src/dns/z.ts': "import { app } from '../app/create-app';\nexport const z = app;\n",
        'src/app/create-app.ts': 'export const app = 1;\n',
      }),
    ).toContain('capability-imports-graphql-or-app');
  });

  it('refuse a pure file reaching files, sockets, the database or GraphQL', async () => {
    expect(
      await violations({ 'src/policies/rule.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" }),
    ).toEqual(['pure-imports-io']);
    expect(await violations({ 'src/policies/route-match.ts': "import { isIP } from 'node:net';\nexport const r = isIP;\n" })).toEqual([
      'pure-imports-io',
    ]);
    const prisma = await violations({
      'src/migration/analyzer.ts': "import { db } from '../db/client';\nexport const a = db;\n",
      'src/db/client.ts': 'export const db = 1;\n',
    });
    expect(prisma).toContain('pure-imports-io');
  });

  it('refuse a pure file importing a use-case', async () => {
    expect(
      await violations({
        'src/policies/validate-rule.ts': "import { save } from './save-policy-rule';\nexport const v = save;\n",
        'src/policies/save-policy-rule.ts': 'export const save = 1;\n',
      }),
    ).toEqual(['pure-imports-impure-sibling']);
  });

  it('pass on the project as it is', async () => {
    const { output } = await cruise(
      ['src'],
      {
        baseDir: ROOT,
        validate: true,
        ruleSet: { forbidden: config.forbidden },
        tsPreCompilationDeps: true,
        doNotFollow: { path: 'node_modules' },
        exclude: { path: '^src/generated/prisma/[^/]+/(internal|models)/' },
      },
      undefined,
      { tsConfig: { fileName: join(ROOT, 'tsconfig.json') } } as never,
    );
    const result = output as ICruiseResult;
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('cover every file that says it is pure', () => {
    const pure = config.forbidden.find((r) => r.name === 'pure-imports-io')!.from.path as string[];
    const claims: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && /\bPure\b/.test(readFileSync(p, 'utf8').split('\nimport')[0]!)) claims.push(relative(ROOT, p));
      }
    };
    walk(join(ROOT, 'src'));
    expect(claims.length).toBeGreaterThan(10);
    expect(claims.filter((f) => !pure.some((re) => new RegExp(re).test(f)))).toEqual([]);
  });
});
