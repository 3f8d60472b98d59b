import { type GraphQLSchema, isAbstractType, isInterfaceType, isObjectType } from 'graphql';

/** Whether a fragment on `condition` applies to a value of type `typeName` (federation's isSubtype). */
export type SubtypeTest = (condition: string, typeName: string) => boolean;

const tests = new WeakMap<GraphQLSchema, SubtypeTest>();

function memo(compute: SubtypeTest): SubtypeTest {
  const byCondition = new Map<string, Map<string, boolean>>();
  return (condition, typeName) => {
    let known = byCondition.get(condition);
    if (!known) byCondition.set(condition, (known = new Map<string, boolean>()));
    let answer = known.get(typeName);
    if (answer === undefined) known.set(typeName, (answer = compute(condition, typeName)));
    return answer;
  };
}

export function subtypeTest(schema: GraphQLSchema): SubtypeTest {
  let test = tests.get(schema);
  if (!test) {
    test = memo((condition, typeName) => {
      if (condition === typeName) return schema.getType(typeName) !== undefined;
      const cond = schema.getType(condition);
      const type = schema.getType(typeName);
      return (
        isAbstractType(cond) &&
        (isObjectType(type) || isInterfaceType(type)) &&
        schema.isSubType(cond, type)
      );
    });
    tests.set(schema, test);
  }
  return test;
}

/**
 * @apollo/gateway's isObjectOfType, for the type conditions of a fetch's `requires` (read against
 * the supergraph schema): a value without `__typename` matches nothing.
 */
export function objectOfType(schema: GraphQLSchema): SubtypeTest {
  const sub = subtypeTest(schema);
  return (condition, typeName) => condition === typeName || sub(condition, typeName);
}
