/** A 1-based position in a `.rules` file. */
export interface At {
  readonly line: number;
  readonly column: number;
}

export interface StringExpr extends At {
  readonly kind: 'string';
  readonly value: string;
}
export interface ListExpr extends At {
  readonly kind: 'list';
  readonly items: readonly Expr[];
}
export interface NameExpr extends At {
  readonly kind: 'name';
  readonly name: string;
}
export interface BoolExpr extends At {
  readonly kind: 'bool';
  readonly value: boolean;
}
export interface NoneExpr extends At {
  readonly kind: 'none';
}
export interface IntExpr extends At {
  readonly kind: 'int';
  readonly value: bigint;
}
/** `f"…{expr}…"`: literal text and the expressions whose values are put in, in order. */
export interface FStringExpr extends At {
  readonly kind: 'fstring';
  readonly parts: readonly (string | Expr)[];
}
/** `a + b + c`, kept flat (left to right) so long chains never nest; `plus` are the positions of the `+` signs. */
export interface SumExpr extends At {
  readonly kind: 'sum';
  readonly operands: readonly Expr[];
  readonly plus: readonly At[];
}
/** `left op right` for `-`, `*`, `//`, `%`; the position is the operator's. */
export interface BinaryExpr extends At {
  readonly kind: 'binary';
  readonly op: '-' | '*' | '//' | '%';
  readonly left: Expr;
  readonly right: Expr;
}
/** `-operand` or `+operand`; the position is the sign's. */
export interface UnaryExpr extends At {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly operand: Expr;
}
/** `callee(args)`, as an expression or a statement: a name, a method (`s.split(",")`) or any value; the position is the callee's. */
export interface CallExpr extends At {
  readonly kind: 'call';
  readonly callee: Expr;
  readonly args: readonly Argument[];
}
/** `object.name`: only ever called, as a method; the position is the name's. */
export interface AttributeExpr extends At {
  readonly kind: 'attribute';
  readonly object: Expr;
  readonly name: string;
}
/** `object[index]`; the position is the `[`'s. */
export interface IndexExpr extends At {
  readonly kind: 'index';
  readonly object: Expr;
  readonly index: Expr;
}
/** `object[start:stop:step]`, each part optional; the position is the `[`'s. */
export interface SliceExpr extends At {
  readonly kind: 'slice';
  readonly object: Expr;
  readonly start?: Expr;
  readonly stop?: Expr;
  readonly step?: Expr;
}
/** `not operand`; the position is the keyword's. */
export interface NotExpr extends At {
  readonly kind: 'not';
  readonly operand: Expr;
}
/** `a and b and c` or `a or b or c`, kept flat; the position is the first operand's. */
export interface LogicExpr extends At {
  readonly kind: 'and' | 'or';
  readonly operands: readonly Expr[];
}
/** `left op right` for one comparison operator; the position is the operator's. */
export interface CompareExpr extends At {
  readonly kind: 'compare';
  readonly op: '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';
  readonly left: Expr;
  readonly right: Expr;
}
/** `then if test else otherwise`; the position is `then`'s. */
export interface ConditionalExpr extends At {
  readonly kind: 'conditional';
  readonly test: Expr;
  readonly then: Expr;
  readonly otherwise: Expr;
}
/** `[body for … in … if …]`; `names` are every loop variable of its clauses; the position is the `[`'s. */
export interface ComprehensionExpr extends At {
  readonly kind: 'comprehension';
  readonly body: Expr;
  readonly clauses: readonly Clause[];
  readonly names: ReadonlySet<string>;
}
/** `{key: value for … in … if …}`; the position is the `{`'s. */
export interface DictComprehensionExpr extends At {
  readonly kind: 'dictcomp';
  readonly key: Expr;
  readonly value: Expr;
  readonly clauses: readonly Clause[];
  readonly names: ReadonlySet<string>;
}
/** `{k: v, …}`; the position is the `{`'s. */
export interface DictExpr extends At {
  readonly kind: 'dict';
  readonly entries: readonly { readonly key: Expr; readonly value: Expr }[];
}
/** `(a, b)`, `(a,)`, `()`, or `a, b` where a statement allows it; the position is the first item's (or the `(`'s). */
export interface TupleExpr extends At {
  readonly kind: 'tuple';
  readonly items: readonly Expr[];
}
/** `lambda params: body`, read as a `def` whose body returns `body`; the position is the keyword's. */
export interface LambdaExpr extends At {
  readonly kind: 'lambda';
  readonly def: DefStatement;
}
export type Expr =
  | StringExpr
  | FStringExpr
  | ListExpr
  | NameExpr
  | BoolExpr
  | NoneExpr
  | IntExpr
  | SumExpr
  | BinaryExpr
  | UnaryExpr
  | CallExpr
  | AttributeExpr
  | IndexExpr
  | SliceExpr
  | NotExpr
  | LogicExpr
  | CompareExpr
  | ConditionalExpr
  | ComprehensionExpr
  | DictComprehensionExpr
  | DictExpr
  | TupleExpr
  | LambdaExpr;

/** A comprehension's `for targets in iterable` or `if test`, in written order. */
export type Clause = ForClause | IfClause;
/** `for target in iterable`; the position is the keyword's. */
export interface ForClause extends At {
  readonly kind: 'for';
  readonly target: Target;
  readonly iterable: Expr;
}
/** `if test`; the position is the keyword's. */
export interface IfClause extends At {
  readonly kind: 'if';
  readonly test: Expr;
}

/** A call argument: positional (`name` undefined) or keyword; its position is the keyword's, or the value's. */
export interface Argument extends At {
  readonly name?: string;
  readonly value: Expr;
}

/** A call written as a whole statement. */
export type CallStatement = CallExpr;
/** What an assignment writes: a variable, an item (`d[k]`, `l[0]`), or several at once (`a, b`). */
export type Target = NameExpr | IndexExpr | TupleTarget;
/** `a, b` (or `(a, b)`, `[a, b]`) on the left of `=` or after `for`: unpacks a sequence of as many items. */
export interface TupleTarget extends At {
  readonly kind: 'targets';
  readonly items: readonly Target[];
}
/** `target = value`, or `target op= value` (`+=`, `-=`, `*=`, `//=`, `%=`); the position is the target's. */
export interface AssignStatement extends At {
  readonly kind: 'assign';
  readonly target: Target;
  readonly op?: '+' | '-' | '*' | '//' | '%';
  readonly value: Expr;
}
/** A bare expression, such as a docstring: evaluated, then discarded. */
export interface ExprStatement extends At {
  readonly kind: 'expr';
  readonly value: Expr;
}
/** A `def` parameter, with its default value if it has one. */
export interface Param extends At {
  readonly name: string;
  readonly default?: Expr;
}
/** `def name(params): body`; `locals` are the names its body binds (parameters included); the position is `def`'s. */
export interface DefStatement extends At {
  readonly kind: 'def';
  readonly name: string;
  readonly params: readonly Param[];
  readonly body: readonly Statement[];
  readonly locals: ReadonlySet<string>;
}
/** `return [value]`; the position is the keyword's. */
export interface ReturnStatement extends At {
  readonly kind: 'return';
  readonly value?: Expr;
}
/** `pass`, `break` or `continue`; the position is the keyword's. */
export interface JumpStatement extends At {
  readonly kind: 'pass' | 'break' | 'continue';
}
/** `for target in iterable: body`; the position is `for`'s. */
export interface ForStatement extends At {
  readonly kind: 'for';
  readonly target: Target;
  readonly iterable: Expr;
  readonly body: readonly Statement[];
}
/** `if … elif … else …`: the first branch whose test is true runs, else `orelse`; the position is `if`'s. */
export interface IfStatement extends At {
  readonly kind: 'if';
  readonly branches: readonly { readonly test: Expr; readonly body: readonly Statement[] }[];
  readonly orelse: readonly Statement[];
}
export type Statement =
  | CallStatement
  | AssignStatement
  | ExprStatement
  | DefStatement
  | ReturnStatement
  | JumpStatement
  | ForStatement
  | IfStatement;

/** A parsed `.rules` file. */
export interface Module {
  readonly file: string;
  readonly statements: readonly Statement[];
}

/** The variable names a target binds (an item assignment binds none). */
export function targetNames(target: Target, into: Set<string>): Set<string> {
  if (target.kind === 'name') into.add(target.name);
  else if (target.kind === 'targets') for (const item of target.items) targetNames(item, into);
  return into;
}

/** The names `statements` bind in their own scope: assignment and loop targets and `def` names, inside `if`/`for` too, not inside a `def`. */
export function boundNames(statements: readonly Statement[], into = new Set<string>()): Set<string> {
  for (const statement of statements) {
    switch (statement.kind) {
      case 'assign':
        targetNames(statement.target, into);
        break;
      case 'def':
        into.add(statement.name);
        break;
      case 'for':
        targetNames(statement.target, into);
        boundNames(statement.body, into);
        break;
      case 'if':
        for (const branch of statement.branches) boundNames(branch.body, into);
        boundNames(statement.orelse, into);
        break;
      default:
    }
  }
  return into;
}
