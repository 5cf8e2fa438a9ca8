import { boundNames, type At, type Clause, type Expr, type Module, type Statement, type Target } from './ast.js';
import { RulesFileError } from './errors.js';

type Scopes = readonly ReadonlySet<string>[];

/**
 * Checks, before anything runs, that every name a file reads or calls is bound somewhere it can see: in an
 * enclosing function or comprehension, at top level (anywhere in the file), or among `builtins`. As in Starlark,
 * a misspelt name fails the file even where it is never reached. Throws RulesFileError at the first, in file order.
 */
export function resolve(module: Module, builtins: ReadonlySet<string>): void {
  const globals = boundNames(module.statements);
  const check = (name: string, at: At, scopes: Scopes, called: boolean): void => {
    if (globals.has(name) || builtins.has(name) || scopes.some((scope) => scope.has(name))) return;
    throw new RulesFileError(
      module.file,
      at.line,
      at.column,
      `undefined ${called ? 'function' : 'variable'} \`${name}\``,
    );
  };

  const clauses = (list: readonly Clause[], names: ReadonlySet<string>, scopes: Scopes): Scopes => {
    const inner = [names, ...scopes];
    list.forEach((clause, i) => {
      if (clause.kind === 'for') {
        target(clause.target, inner);
        expr(clause.iterable, i === 0 ? scopes : inner);
      } else expr(clause.test, inner);
    });
    return inner;
  };

  const target = (t: Target, scopes: Scopes): void => {
    if (t.kind === 'index') {
      expr(t.object, scopes);
      expr(t.index, scopes);
    } else if (t.kind === 'targets') t.items.forEach((item) => target(item, scopes));
  };

  const expr = (e: Expr | undefined, scopes: Scopes): void => {
    if (e === undefined) return;
    switch (e.kind) {
      case 'name':
        return check(e.name, e, scopes, false);
      case 'fstring':
        for (const part of e.parts) if (typeof part !== 'string') expr(part, scopes);
        return;
      case 'list':
      case 'tuple':
        return e.items.forEach((item) => expr(item, scopes));
      case 'dict':
        return e.entries.forEach((entry) => {
          expr(entry.key, scopes);
          expr(entry.value, scopes);
        });
      case 'sum':
      case 'and':
      case 'or':
        return e.operands.forEach((operand) => expr(operand, scopes));
      case 'binary':
      case 'compare':
        expr(e.left, scopes);
        return expr(e.right, scopes);
      case 'unary':
      case 'not':
        return expr(e.operand, scopes);
      case 'call':
        if (e.callee.kind === 'name') check(e.callee.name, e.callee, scopes, true);
        else expr(e.callee, scopes);
        return e.args.forEach((arg) => expr(arg.value, scopes));
      case 'attribute':
        return expr(e.object, scopes);
      case 'index':
        expr(e.object, scopes);
        return expr(e.index, scopes);
      case 'slice':
        expr(e.object, scopes);
        expr(e.start, scopes);
        expr(e.stop, scopes);
        return expr(e.step, scopes);
      case 'conditional':
        expr(e.then, scopes);
        expr(e.test, scopes);
        return expr(e.otherwise, scopes);
      case 'comprehension': {
        const inner = clauses(e.clauses, e.names, scopes);
        return expr(e.body, inner);
      }
      case 'dictcomp': {
        const inner = clauses(e.clauses, e.names, scopes);
        expr(e.key, inner);
        return expr(e.value, inner);
      }
      case 'lambda':
        for (const param of e.def.params) expr(param.default, scopes);
        return statements(e.def.body, [e.def.locals, ...scopes]);
      default:
    }
  };

  const statements = (list: readonly Statement[], scopes: Scopes): void => {
    for (const s of list) {
      switch (s.kind) {
        case 'assign':
          target(s.target, scopes);
          if (s.op !== undefined && s.target.kind === 'name') check(s.target.name, s.target, scopes, false);
          expr(s.value, scopes);
          break;
        case 'expr':
          expr(s.value, scopes);
          break;
        case 'call':
          expr(s, scopes);
          break;
        case 'return':
          expr(s.value, scopes);
          break;
        case 'def':
          for (const param of s.params) expr(param.default, scopes);
          statements(s.body, [s.locals, ...scopes]);
          break;
        case 'for':
          expr(s.iterable, scopes);
          target(s.target, scopes);
          statements(s.body, scopes);
          break;
        case 'if':
          for (const branch of s.branches) {
            expr(branch.test, scopes);
            statements(branch.body, scopes);
          }
          statements(s.orelse, scopes);
          break;
        default:
      }
    }
  };

  statements(module.statements, []);
}
