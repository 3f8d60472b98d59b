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
  isScalarType,
  Kind,
} from 'graphql';
import { conditionsOf, type Conditions, type Variables, withDefaults } from './conditions';
import { subtypeTest, type SubtypeTest } from './subtypes';

/** An operation compiled for shape.ts: per selection, what to copy, check and bubble up. */
export type Steps = readonly Step[];
type Step = FieldStep | FragmentStep;

export interface FieldStep {
  readonly kind: 'field';
  readonly key: string;
  readonly conditions: Conditions;
  /** `__typename`, answered from the data's type name or the parent type. */
  readonly typename: boolean;
  readonly type: TypeShape | undefined;
}

export interface FragmentStep {
  readonly kind: 'fragment';
  readonly conditions: Conditions;
  readonly typeCondition: string | undefined;
  readonly steps: Steps;
}

export interface TypeShape {
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
  /** Whether a fragment's type condition applies to a type, in this schema. */
  readonly applies: SubtypeTest;
}

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
    applies: subtypeTest(schema),
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
