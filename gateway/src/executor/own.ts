/** Keys a plain object inherits from Object.prototype: reading one must not return the inherited value. */
const inherited = new Set(Object.getOwnPropertyNames(Object.prototype));

/** `obj[key]` when it is the object's own property, else undefined (an alias may be `toString`). */
export function getOwn(obj: object, key: string): unknown {
  const value = (obj as Record<string, unknown>)[key];
  if (value === undefined || !inherited.has(key)) return value;
  return Object.hasOwn(obj, key) ? value : undefined;
}

/** `obj[key] = value`, as an own property even for `__proto__`. */
export function setOwn(obj: object, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else (obj as Record<string, unknown>)[key] = value;
}
