/**
 * The requirement-set check (issue #12): with the TypeScript compiler, every Office.js member the
 * add-in uses is looked up in @types/office-js, whose JSDoc names its requirement set
 * ("[Api set: ExcelApi 1.9]"). A member above the manifest's declared minimum must sit behind a
 * guard that asks for its set: `if (Office.context.requirements.isSetSupported('ExcelApi', '1.9'))`,
 * a helper whose body asks for it, `guard && use`, `guard ? use : …`, or an earlier
 * `if (!guard) return` in the same block.
 */
import path from 'node:path';
import ts from 'typescript';

export interface Requirement {
  set: string;
  version: string;
}

export interface Violation {
  file: string;
  line: number;
  member: string;
  requires: string;
}

const API_SET = /\[Api set: ([A-Za-z]+) (\d+\.\d+)/;

/** The requirement set of an Office.js member, from its JSDoc; null for one declared elsewhere or with none. */
export function requirementOf(symbol: ts.Symbol | undefined): Requirement | null {
  const declaration = symbol?.declarations?.[0];
  if (!declaration || !declaration.getSourceFile().fileName.replace(/\\/g, '/').includes('/@types/office-js/')) return null;
  const remarks = ts.getJSDocTags(declaration).map((tag) => ts.getTextOfJSDocComment(tag.comment) ?? '').join('\n');
  const m = API_SET.exec(remarks);
  return m ? { set: m[1] as string, version: m[2] as string } : null;
}

const newer = (a: string, b: string) => {
  const [am, an] = a.split('.').map(Number) as [number, number];
  const [bm, bn] = b.split('.').map(Number) as [number, number];
  return am > bm || (am === bm && an > bn);
};

const IS_SET_SUPPORTED = /isSetSupported\(\s*['"]([A-Za-z]+)['"]\s*,\s*['"](\d+\.\d+)['"]\s*\)/;

/** The set and version a guard expression asks for, directly or through a helper it calls. */
function guardOf(expression: ts.Expression, checker: ts.TypeChecker): Requirement | null {
  let found: Requirement | null = null;
  const visit = (node: ts.Node): void => {
    if (found) return;
    // A constant holding a guard: const withNotes = notesSupported();
    if (ts.isIdentifier(node)) {
      const declaration = checker.getSymbolAtLocation(node)?.declarations?.[0];
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && (declaration.parent.flags & ts.NodeFlags.Const) !== 0) {
        found = guardOf(declaration.initializer, checker);
      }
      return;
    }
    if (ts.isCallExpression(node)) {
      const direct = IS_SET_SUPPORTED.exec(node.getText());
      if (direct) {
        found = { set: direct[1] as string, version: direct[2] as string };
        return;
      }
      const symbol = checker.getSymbolAtLocation(node.expression);
      const declaration = symbol?.declarations?.[0];
      const helper = declaration && IS_SET_SUPPORTED.exec(declaration.getText());
      if (helper) {
        found = { set: helper[1] as string, version: helper[2] as string };
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

const negated = (e: ts.Expression): ts.Expression | null => (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken ? e.operand : null);
const leaves = (s: ts.Statement): boolean => ts.isReturnStatement(s) || ts.isThrowStatement(s) || (ts.isBlock(s) && s.statements.some(leaves));

/** The guards that hold where `node` is. */
function guardsAt(node: ts.Node, checker: ts.TypeChecker): Requirement[] {
  const guards: Requirement[] = [];
  const add = (g: Requirement | null) => g && guards.push(g);
  for (let child: ts.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && parent.thenStatement === child) add(guardOf(parent.expression, checker));
    if (ts.isConditionalExpression(parent) && parent.whenTrue === child) add(guardOf(parent.condition, checker));
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === child) add(guardOf(parent.left, checker));
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      // if (!guard) return; … the rest of the block is guarded
      for (const statement of parent.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement) && leaves(statement.thenStatement)) {
          const inner = negated(statement.expression);
          if (inner) add(guardOf(inner, checker));
        }
      }
    }
  }
  return guards;
}

/** Every use of an Office.js member in `files` above `minimum` (by set name) without a guard that covers it. */
export function checkRequirements(files: ReadonlyArray<string>, minimum: Record<string, string>, options: ts.CompilerOptions = {}): Violation[] {
  const program = ts.createProgram([...files], { noEmit: true, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX, types: ['office-js'], skipLibCheck: true, ...options });
  const checker = program.getTypeChecker();
  const violations: Violation[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        const required = requirementOf(checker.getSymbolAtLocation(node.name));
        const floor = required ? minimum[required.set] : undefined;
        if (required && floor !== undefined && newer(required.version, floor)) {
          const covered = guardsAt(node, checker).some((g) => g.set === required.set && !newer(required.version, g.version));
          if (!covered) {
            violations.push({
              file: path.relative(process.cwd(), file),
              line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
              member: node.getText(),
              requires: `${required.set} ${required.version}`,
            });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return violations;
}

/** The manifest's `<Set Name="ExcelApi" MinVersion="1.8"/>` entries. */
export function manifestMinimum(manifestXml: string): Record<string, string> {
  const sets: Record<string, string> = {};
  for (const m of manifestXml.matchAll(/<Set\s+Name="([A-Za-z]+)"\s+MinVersion="(\d+\.\d+)"\s*\/>/g)) sets[m[1] as string] = m[2] as string;
  return sets;
}
