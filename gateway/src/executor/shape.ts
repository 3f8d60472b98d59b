import {
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getNamedType,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
} from 'graphql';
import { conditionsOf, type Conditions, skipped, type Variables, withDefaults } from './conditions';
import { getOwn, setOwn } from './own';
import { shapeError, type ShapeError } from './shapeErrors';
import { subtypeTest, type SubtypeTest } from './subtypes';

/**
 * The last step of a federated query: from the data the plan's fetches merged (with keys,
 * `__typename`s and fields nobody asked for), the answer the client asked for, in its order, with
 * non-null violations bubbled up to the nearest nullable parent and values the API schema does not
 * allow (an @inaccessible enum value or type, a string for an Int) nulled. It follows
 * `computeResponse` of @apollo/gateway 2.14 rule for rule, error messages included, but compiles the
 * operation once: no directive lookups, no schema walks and no re-export getters per value.
 */
type Steps = readonly Step[];
type Step = FieldStep | FragmentStep;

interface FieldStep {
  readonly kind: 'field';
  readonly key: string;
  readonly conditions: Conditions;
  /** `__typename`, answered from the data's type name or the parent type. */
  readonly typename: boolean;
  readonly type: TypeShape | undefined;
}

interface FragmentStep {
  readonly kind: 'fragment';
  readonly conditions: Conditions;
  readonly typeCondition: string | undefined;
  readonly steps: Steps;
}

interface TypeShape {
  readonly nonNull: boolean;
  /** The type without its non-null wrapper, as error messages print it. */
  readonly label: string;
  readonly list: TypeShape | undefined;
  readonly leaf: ((value: unknown) => boolean) | undefined;
  /** Whether the named type under the wrappers is an object, interface or union. */
  readonly composite: boolean;
  /** Filled once the composite's selection is compiled. */
  steps: Steps | undefined;
}

export interface CompiledShape {
  readonly steps: Steps;
  readonly rootType: string;
  /** The request's variables over the operation's defaults, as @skip/@include read them. */
  readonly variables: (provided: Variables) => Variables;
}

interface Run {
  readonly schema: GraphQLSchema;
  readonly variables: Variables;
  readonly errors: ShapeError[];
  readonly applies: SubtypeTest;
}

const OK = 0;
const BUBBLE = 1;

export function compileShape(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): CompiledShape {
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`no ${operation.operation} type`);
  const compileSet = (set: SelectionSetNode, parent: GraphQLCompositeType): Steps =>
    set.selections.map((sel): Step => {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        if (sel.name.value === '__typename')
          return {
            kind: 'field',
            key,
            conditions: conditionsOf(sel),
            typename: true,
            type: undefined,
          };
        const def = 'getFields' in parent ? parent.getFields()[sel.name.value] : undefined;
        if (!def) throw new Error(`unknown field ${parent.name}.${sel.name.value}`);
        const type = typeShape(def.type, sel.selectionSet, compileSet);
        return { kind: 'field', key, conditions: conditionsOf(sel), typename: false, type };
      }
      const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : sel;
      if (!fragment) throw new Error('unknown fragment');
      const condition = fragment.typeCondition?.name.value;
      const within = condition ? schema.getType(condition) : parent;
      if (!within || !isCompositeType(within)) throw new Error(`bad type condition ${condition}`);
      const steps = compileSet(fragment.selectionSet, within);
      return { kind: 'fragment', conditions: conditionsOf(sel), typeCondition: condition, steps };
    });
  return {
    steps: compileSet(operation.selectionSet, root),
    rootType: root.name,
    variables: withDefaults(schema, operation),
  };
}

function typeShape(
  type: GraphQLOutputType,
  selection: SelectionSetNode | undefined,
  compileSet: (set: SelectionSetNode, parent: GraphQLCompositeType) => Steps,
): TypeShape {
  const nonNull = isNonNullType(type);
  const inner = nonNull ? type.ofType : type;
  const named = getNamedType(inner);
  const shape: TypeShape = {
    nonNull,
    label: String(inner),
    list: isListType(inner) ? typeShape(inner.ofType, selection, compileSet) : undefined,
    leaf: isListType(inner) || isCompositeType(named) ? undefined : leafCheck(named),
    composite: isCompositeType(named),
    steps: undefined,
  };
  if (!isListType(inner) && isCompositeType(named)) {
    if (!selection) throw new Error(`no selection for ${named.name}`);
    shape.steps = compileSet(selection, named);
  }
  return shape;
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function leafCheck(type: GraphQLNamedType): (value: unknown) => boolean {
  if (isEnumType(type)) {
    const names = new Set(type.getValues().map((v) => v.name));
    return (v) => typeof v === 'string' && names.has(v);
  }
  if (!isScalarType(type)) throw new Error(`not a leaf: ${type.name}`);
  switch (type.name) {
    case 'Boolean':
      return (v) => typeof v === 'boolean';
    case 'Int':
      return (v) => finite(v) && INTEGER.test(String(v));
    case 'ID':
      return (v) => typeof v === 'string' || (finite(v) && INTEGER.test(String(v)));
    case 'Float':
      return finite;
    case 'String':
      return (v) => typeof v === 'string';
    default:
      return () => true;
  }
}

/** The answer's `data` for the merged `input`, and the value-completion errors found on the way. */
export function shapeResponse(
  compiled: CompiledShape,
  schema: GraphQLSchema,
  variables: Variables,
  input: Record<string, unknown>,
): { data: Record<string, unknown> | null; errors: ShapeError[] } {
  const run: Run = {
    schema,
    variables: compiled.variables(variables),
    errors: [],
    applies: subtypeTest(schema),
  };
  const data: Record<string, unknown> = {};
  const res = applySteps(run, compiled.steps, input, data, [], compiled.rootType);
  return { data: res === BUBBLE ? null : data, errors: run.errors };
}

function applySteps(
  run: Run,
  steps: Steps,
  input: Record<string, unknown>,
  output: Record<string, unknown>,
  path: (string | number)[],
  parentType: string,
): number {
  for (const step of steps) {
    if (skipped(step.conditions, run.variables)) continue;
    if (step.kind === 'fragment') {
      const typename = getOwn(input, '__typename');
      if (typename && typeof typename !== 'string')
        throw new Error('Got unexpected value for __typename');
      const target = typename ? (typename as string) : parentType;
      if (step.typeCondition !== undefined && !run.applies(step.typeCondition, target)) continue;
      const within = step.typeCondition ?? parentType;
      if (applySteps(run, step.steps, input, output, path, within) === BUBBLE) return BUBBLE;
      continue;
    }
    const outputValue = getOwn(output, step.key);
    if (step.typename) {
      if (outputValue !== undefined) continue;
      let name = getOwn(input, step.key) ?? null;
      if (name === null && step.key !== '__typename') name = getOwn(input, '__typename') ?? null;
      const type =
        (typeof name === 'string' && run.schema.getType(name)) || run.schema.getType(parentType);
      if (!isObjectType(type)) return BUBBLE;
      setOwn(output, step.key, type.name);
      continue;
    }
    path.push(step.key);
    const inputValue = getOwn(input, step.key) ?? null;
    const r = update(run, outputValue, step.type as TypeShape, inputValue, path, parentType);
    setOwn(output, step.key, r.value);
    path.pop();
    if (r.invalid) return BUBBLE;
  }
  return OK;
}

interface Updated {
  value: unknown;
  invalid?: boolean;
  hasErrors?: boolean;
}
const NULL: Updated = { value: null };

function update(
  run: Run,
  outputValue: unknown,
  type: TypeShape,
  inputValue: unknown,
  path: (string | number)[],
  parentType: string,
): Updated {
  if (outputValue === null || (outputValue !== undefined && !type.composite))
    return { value: outputValue };
  const r = updateNullable(run, outputValue, type, inputValue, path, parentType);
  if (!type.nonNull || r.value !== null) return r;
  if (!r.hasErrors) run.errors.push(shapeError('null', path, type.label, parentType));
  return { value: null, invalid: true, hasErrors: true };
}

function updateNullable(
  run: Run,
  outputValue: unknown,
  type: TypeShape,
  inputValue: unknown,
  path: (string | number)[],
  parentType: string,
): Updated {
  if (inputValue === null) return NULL;
  if (type.list) {
    if (!Array.isArray(inputValue))
      throw new Error(`Invalid non-list value returned by subgraph for list type ${type.label}`);
    const previous = Array.isArray(outputValue) ? outputValue : undefined;
    if (previous && previous.length !== inputValue.length)
      throw new Error('list length changed while merging');
    const list: unknown[] = new Array(inputValue.length);
    let nullify = false;
    let hasErrors = false;
    for (let i = 0; i < inputValue.length; i++) {
      path.push(i);
      const r = update(run, previous?.[i], type.list, inputValue[i] ?? null, path, parentType);
      path.pop();
      if (r.invalid) nullify = true;
      if (r.hasErrors) hasErrors = true;
      list[i] = r.value;
    }
    return { value: nullify ? null : list, hasErrors };
  }
  if (type.steps) return updateComposite(run, outputValue, type, inputValue, path, parentType);
  const valid = (type.leaf as (v: unknown) => boolean)(inputValue);
  if (valid) return { value: inputValue };
  run.errors.push(shapeError('value', path, type.label, parentType));
  return { value: null, hasErrors: true };
}

function updateComposite(
  run: Run,
  outputValue: unknown,
  type: TypeShape,
  inputValue: unknown,
  path: (string | number)[],
  parentType: string,
): Updated {
  if (typeof inputValue !== 'object')
    throw new Error(
      `Invalid non-object value returned by subgraph for composite type ${type.label}`,
    );
  const input = inputValue as Record<string, unknown>;
  const typename = getOwn(input, '__typename');
  if (typename !== undefined && typeof typename !== 'string')
    throw new Error(`Invalid non-string value for __typename at ${path.join('.')}`);
  let objType = type.label;
  if (typename) {
    const found = run.schema.getType(typename);
    if (!found || !isCompositeType(found)) {
      run.errors.push(shapeError('typename', path, type.label, parentType));
      return { value: null, hasErrors: true };
    }
    objType = found.name;
  }
  const output = (outputValue as Record<string, unknown> | undefined) ?? {};
  const bubbled = applySteps(run, type.steps as Steps, input, output, path, objType) === BUBBLE;
  return { value: bubbled ? null : output, hasErrors: bubbled };
}
