import {
  type DirectiveNode,
  type GraphQLInputType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  typeFromAST,
  valueFromAST,
} from 'graphql';

export type Variables = Readonly<Record<string, unknown>>;

/** `if:` of @skip or @include: a literal, or the name of the variable that holds it. */
type If = boolean | { readonly variable: string };
export type Conditions = { readonly skip?: If; readonly include?: If } | undefined;

function ifArgument(directive: DirectiveNode | undefined): If | undefined {
  const arg = directive?.arguments?.find((a) => a.name.value === 'if');
  if (!arg) return undefined;
  if (arg.value.kind === Kind.VARIABLE) return { variable: arg.value.name.value };
  return arg.value.kind === Kind.BOOLEAN ? arg.value.value : undefined;
}

export function conditionsOf(node: { readonly directives?: readonly DirectiveNode[] }): Conditions {
  if (!node.directives?.length) return undefined;
  const skip = ifArgument(node.directives.find((d) => d.name.value === 'skip'));
  const include = ifArgument(node.directives.find((d) => d.name.value === 'include'));
  if (skip === undefined && include === undefined) return undefined;
  return { ...(skip !== undefined ? { skip } : {}), ...(include !== undefined ? { include } : {}) };
}

const valueOf = (arg: If, variables: Variables): boolean =>
  typeof arg === 'boolean' ? arg : variables[arg.variable] === true;

/** Whether @skip/@include remove this selection for these variables (validated: `Boolean!`). */
export function skipped(conditions: Conditions, variables: Variables): boolean {
  if (conditions === undefined) return false;
  if (conditions.skip !== undefined && valueOf(conditions.skip, variables)) return true;
  return conditions.include !== undefined && !valueOf(conditions.include, variables);
}

/** The operation's variable defaults under what the request provides. */
export function withDefaults(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): (provided: Variables) => Variables {
  const defaults = Object.create(null) as Record<string, unknown>;
  let any = false;
  for (const def of operation.variableDefinitions ?? []) {
    if (!def.defaultValue) continue;
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    const value: unknown = type ? valueFromAST(def.defaultValue, type) : undefined;
    if (value === undefined) continue;
    defaults[def.variable.name.value] = value;
    any = true;
  }
  if (!any) return (provided) => provided;
  return (provided) => ({ __proto__: null, ...defaults, ...provided });
}
