import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The worker preloads every module under workflows/ once and shares it between all the workflows of a worker
 * (workers/bundle.ts): what a module keeps at its top level would be seen by every journey at once, and a
 * journey's replay would then depend on the others. So module scope holds only constants and declarations: no
 * `let`/`var`, no object built with `new` (a Map or Set there is shared and not frozen), no statement that runs
 * code. Each finding names the file and line.
 */
const root = join(__dirname, '..', '..');
const workflowsDir = join(root, 'workflows');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

function moduleScopeState(name: string, text: string): string[] {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
  const where = (node: ts.Node) => `${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const findings: string[] = [];
  const findNew = (node: ts.Node, at: ts.Node) => {
    if (ts.isFunctionLike(node)) return; // a function body runs per call, inside a workflow
    if (ts.isNewExpression(node)) findings.push(`${where(at)} builds an object with new at module scope`);
    ts.forEachChild(node, (child) => findNew(child, at));
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      if (!(statement.declarationList.flags & ts.NodeFlags.Const)) findings.push(`${where(statement)} declares let/var at module scope`);
      findNew(statement, statement);
    } else if (ts.isExpressionStatement(statement)) {
      findings.push(`${where(statement)} runs code at module scope`);
    } else if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        if (ts.isPropertyDeclaration(member) && member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) findings.push(`${where(member)} has a static field`);
      }
    }
  }
  return findings;
}

describe('workflow modules shared by every journey of a worker', () => {
  it('keep no state at module scope, so one journey cannot change what another replays', () => {
    const files = filesUnder(workflowsDir);
    expect(files.length).toBeGreaterThan(40);
    expect(files.flatMap((file) => moduleScopeState(relative(root, file), readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('the check finds module-scope state when there is some', () => {
    const stateful = [
      'let seen = 0;',
      'const byId = new Map<string, number>();',
      'byId.set("a", 1);',
      'export const limits = { parcels: 20 };',
      'class Counter { static count = 0; }',
      'export function count() { const local = new Set(); let n = 0; return [local, n]; }',
    ].join('\n');
    expect(moduleScopeState('x.ts', stateful)).toEqual([
      'x.ts:1 declares let/var at module scope',
      'x.ts:2 builds an object with new at module scope',
      'x.ts:3 runs code at module scope',
      'x.ts:5 has a static field',
    ]);
  });
});
