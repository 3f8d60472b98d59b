/**
 * The mini-language's entry points. The checker (check.ts) is pure; the MongoDB form of a
 * checked filter lives in data/minilangMongo.ts.
 */
export { checkFilter, compileOrder, type FieldMap, type FieldSpec, type FieldType } from './check';
export type { Comparison, Condition, SortSpec } from './condition';
