/**
 * `obj[key]` when it is the object's own property, else undefined: an alias may be `toString`. What a
 * plain object inherits is a function of Object.prototype, or Object.prototype itself (`__proto__`);
 * JSON data holds neither, so only those values need the own-property check.
 */
export function getOwn(obj: object, key: string): unknown {
  const value = (obj as Record<string, unknown>)[key];
  if (typeof value !== 'function' && value !== Object.prototype) return value;
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
