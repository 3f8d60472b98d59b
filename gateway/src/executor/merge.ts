import type { QueryPlanSelectionNode, ResponsePath } from '@apollo/query-planner';
import { getOwn, setOwn } from './own';
import type { SubtypeTest } from './subtypes';

export type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** @apollo/gateway's deepMerge: what a fetch returned, merged into the entity it extends. */
export function deepMerge(target: Obj, source: unknown): void {
  if (source === undefined || source === null) return;
  const from0 = source as Obj;
  for (const key of Object.keys(from0)) {
    const from = from0[key];
    if (from === undefined) continue;
    const into = getOwn(target, key);
    if (into && isObject(from)) {
      deepMerge(into as Obj, from);
    } else if (Array.isArray(from) && Array.isArray(into) && from.length === into.length) {
      for (let i = 0; i < from.length; i++) {
        const a: unknown = into[i];
        const b: unknown = from[i];
        if (isObject(a) && isObject(b)) deepMerge(a, b);
        else into[i] = b;
      }
    } else {
      setOwn(target, key, from);
    }
  }
}

/**
 * The values a plan path points at (`@`: every element of a list), flattened one level per `@` as
 * @apollo/gateway's flattenResultsAtPath does with `flatMap`, but pushed into one array.
 */
export function flattenAt(value: unknown, path: ResponsePath): unknown {
  for (let i = 0; i < path.length; i++) {
    if (value === undefined || value === null) return value;
    const head = path[i];
    if (head === '@') {
      const out: unknown[] = [];
      for (const element of listAt(value)) collect(element, path, i + 1, out);
      return out;
    }
    value = fieldAt(value, head);
  }
  return value;
}

function collect(value: unknown, path: ResponsePath, from: number, out: unknown[]): void {
  for (let i = from; i < path.length; i++) {
    if (value === undefined || value === null) {
      out.push(value);
      return;
    }
    const head = path[i];
    if (head === '@') {
      for (const element of listAt(value)) collect(element, path, i + 1, out);
      return;
    }
    value = fieldAt(value, head);
  }
  if (Array.isArray(value)) for (const element of value) out.push(element);
  else out.push(value);
}

function listAt(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error('Expected a list in the result for path element @');
  return value;
}

function fieldAt(value: unknown, head: string | number | undefined): unknown {
  if (typeof head !== 'string' || Array.isArray(value))
    throw new Error(
      `Unexpected ${typeof head === 'string' ? 'array' : typeof head} in result for path element ${head}`,
    );
  return getOwn(value as Obj, head);
}

/** Every concrete path (list indexes for `@`) that `path` matches in `data`, in entity order. */
export function hydratedPaths(
  parent: (string | number)[],
  path: ResponsePath,
  data: unknown,
  out: (string | number)[][],
): void {
  if (data === null || data === undefined) return;
  const head = path[0];
  if (head === undefined) {
    out.push(parent.slice());
  } else if (head === '@' || (typeof head === 'string' && Array.isArray(data))) {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    const rest = head === '@' ? path.slice(1) : path;
    data.forEach((value: unknown, i) => {
      parent.push(i);
      hydratedPaths(parent, rest, value, out);
      parent.pop();
    });
  } else if (typeof head === 'string' && Object.hasOwn(data, head)) {
    parent.push(head);
    hydratedPaths(parent, path.slice(1), (data as Obj)[head], out);
    parent.pop();
  }
}

/** A fetch's `requires` read out of one entity: its representation, or null when an input is missing. */
export function representation(
  isOfType: SubtypeTest,
  source: unknown,
  selections: readonly QueryPlanSelectionNode[],
): Obj | null {
  if (source === null) return null;
  const result: Obj = {};
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const key = selection.alias ?? selection.name;
      const value = getOwn(source as Obj, key);
      if (value === undefined) return null;
      const sub = selection.selections;
      if (Array.isArray(value))
        setOwn(
          result,
          key,
          value.map((v: unknown) => (sub ? representation(isOfType, v, sub) : v)),
        );
      else setOwn(result, key, sub ? representation(isOfType, value, sub) : value);
    } else if (selection.typeCondition && source) {
      const typename = (source as Obj).__typename;
      if (typeof typename === 'string' && typename && isOfType(selection.typeCondition, typename))
        deepMerge(result, representation(isOfType, source, selection.selections));
    }
  }
  return result;
}
