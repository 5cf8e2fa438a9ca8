import { boundNames, type At, type Expr, type Module, type Statement } from './ast.js';
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
    const reason = called
      ? `undefined function \`${name}\` (only prefix_rule, host_executable and network_rule are available)`
      : `undefined variable \`${name}\``;
    throw new RulesFileError(module.file, at.line, at.column, reason);
  };

  const expr = (e: Expr, scopes: Scopes): void => {
    switch (e.kind) {
      case 'name':
        return check(e.name, e, scopes, false);
      case 'fstring':
        for (const part of e.parts) if (typeof part !== 'string') check(part.name, part, scopes, false);
        return;
      case 'list':
        return e.items.forEach((item) => expr(item, scopes));
      case 'sum':
      case 'and':
      case 'or':
        return e.operands.forEach((operand) => expr(operand, scopes));
      case 'call':
        check(e.callee, e, scopes, true);
        return e.args.forEach((arg) => expr(arg.value, scopes));
      case 'not':
        return expr(e.operand, scopes);
      case 'compare':
        expr(e.left, scopes);
        return expr(e.right, scopes);
      case 'conditional':
        expr(e.then, scopes);
        expr(e.test, scopes);
        return expr(e.otherwise, scopes);
      case 'comprehension': {
        const inner = [e.names, ...scopes];
        expr(e.body, inner);
        e.clauses.forEach((clause, i) =>
          expr(clause.kind === 'for' ? clause.iterable : clause.test, i === 0 ? scopes : inner),
        );
        return;
      }
      default:
    }
  };

  const statements = (list: readonly Statement[], scopes: Scopes): void => {
    for (const s of list) {
      switch (s.kind) {
        case 'assign':
        case 'expr':
          expr(s.value, scopes);
          break;
        case 'call':
          expr(s, scopes);
          break;
        case 'return':
          if (s.value) expr(s.value, scopes);
          break;
        case 'def':
          for (const param of s.params) if (param.default) expr(param.default, scopes);
          statements(s.body, [s.locals, ...scopes]);
          break;
        case 'for':
          expr(s.iterable, scopes);
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
