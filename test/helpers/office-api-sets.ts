/**
 * The requirement set of every member of the Excel types the simulated host models, read from
 * @types/office-js with the TypeScript compiler (scripts/requirements/check.ts reads a member's
 * JSDoc the same way). Kept in a file beside the package's version, since reading the typings
 * takes a few seconds and every test file needs it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import type { ApiSets } from '../../addin/preview/sim/requirements';
import { requirementOf } from '../../scripts/requirements/check';

/** The Excel types behind the simulated objects. */
const TYPES = ['Workbook', 'WorksheetCollection', 'Worksheet', 'Range', 'RangeFormat', 'RangeFill', 'RangeFont', 'PageLayout', 'NoteCollection', 'Note', 'DataValidation', 'WorksheetFreezePanes', 'TableCollection'];

function read(typings: string): ApiSets {
  const program = ts.createProgram([typings], { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const sets: ApiSets = {};
  const source = program.getSourceFile(typings)!;
  const visit = (node: ts.Node, inExcel: boolean): void => {
    if (ts.isModuleDeclaration(node)) {
      const excel = node.name.getText() === 'Excel';
      if (node.body) ts.forEachChild(node.body, (child) => visit(child, excel));
      return;
    }
    if (inExcel && ts.isClassDeclaration(node) && node.name && TYPES.includes(node.name.text)) {
      const members: Record<string, string> = {};
      for (const member of node.members) {
        if (!member.name) continue;
        const required = requirementOf(checker.getSymbolAtLocation(member.name));
        if (required) members[member.name.getText()] = `${required.set} ${required.version}`;
      }
      sets[node.name.text] = members;
    }
  };
  ts.forEachChild(source, (child) => visit(child, false));
  return sets;
}

let cached: ApiSets | null = null;

export function officeApiSets(): ApiSets {
  if (cached) return cached;
  // Resolved as Node resolves packages, so this works from the sources and from dist/ (the benchmarks).
  const manifest = require.resolve('@types/office-js/package.json');
  const typings = path.join(path.dirname(manifest), 'index.d.ts');
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  const file = path.join(tmpdir(), 'phuluc-office-api-sets', `${version}.json`);
  if (existsSync(file)) cached = JSON.parse(readFileSync(file, 'utf8')) as ApiSets;
  else {
    cached = read(typings);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(cached));
    renameSync(`${file}.${process.pid}`, file);
  }
  return cached;
}
