/**
 * The mini-language's entry points. The checker (check.ts) is pure; the MongoDB form of a
 * checked filter lives in data/minilangMongo.ts. `compileFilter` and `escapeRegex` are
 * re-exported here so existing importers (resolvers/v2, tests) keep compiling.
 */
export { checkFilter, compileOrder, type FieldMap, type FieldSpec, type FieldType } from './check';
export type { Comparison, Condition, SortSpec } from './condition';
export { compileFilter, escapeRegex } from '../data/minilangMongo';
