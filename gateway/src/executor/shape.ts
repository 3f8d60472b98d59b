import { type GraphQLSchema, isCompositeType, isObjectType } from 'graphql';
import type { CompiledShape, Steps, TypeShape } from './compileShape';
import { skipped, type Variables } from './conditions';
import { getOwn, setOwn } from './own';
import { shapeError, type ShapeError } from './shapeErrors';
import type { SubtypeTest } from './subtypes';

/**
 * The last step of a federated query: from the data the plan's fetches merged (with keys,
 * `__typename`s and fields nobody asked for), the answer the client asked for, with non-null
 * violations bubbled up to the nearest nullable parent and values the API schema does not allow (an
 * @inaccessible enum value or type, a string for an Int) nulled. It follows `computeResponse` of
 * @apollo/gateway 2.14 rule for rule, error messages included, but runs an operation compiled once
 * (compileShape.ts): no directive lookups, schema walks or re-export getters per value. One
 * difference: fields come in the spec's CollectFields order, where Apollo's moves the fields of a
 * repeated same-type inline fragment up to the first one.
 */
interface Run {
  readonly schema: GraphQLSchema;
  readonly variables: Variables;
  readonly errors: ShapeError[];
  readonly applies: SubtypeTest;
}

const OK = 0;
const BUBBLE = 1;

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
    applies: compiled.applies,
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

/** One step of Apollo's updateOutputValue: the value for `type` from `inputValue`, merged into `outputValue`. */
type Update = (
  run: Run,
  outputValue: unknown,
  type: TypeShape,
  inputValue: unknown,
  path: (string | number)[],
  parentType: string,
) => Updated;

const update: Update = (run, outputValue, type, inputValue, path, parentType) => {
  if (outputValue === null || (outputValue !== undefined && !type.composite))
    return { value: outputValue };
  const r = updateNullable(run, outputValue, type, inputValue, path, parentType);
  if (!type.nonNull || r.value !== null) return r;
  if (!r.hasErrors) run.errors.push(shapeError('null', path, type.label, parentType));
  return { value: null, invalid: true, hasErrors: true };
};

const updateNullable: Update = (run, outputValue, type, inputValue, path, parentType) => {
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
};

const updateComposite: Update = (run, outputValue, type, inputValue, path, parentType) => {
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
};
