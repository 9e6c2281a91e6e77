/**
 * A zod schema built when first used. Building the schemas of the intent files (every field a zod
 * object with its methods bound to it) was ~10 ms of a cold `mynapin ask`, which validates no
 * intent file when the build's snapshot has them all (see yaml-snapshot.ts). The schema is built
 * by `build` on the first access to any of its properties, and from then on every property,
 * method and check is the built schema's (zod's methods are bound to the schema they belong to,
 * and its instanceof tests read `_zod.traits`). Schemas made from it (`.extend`, `.optional()`, a
 * field of an object) hold the built schema or this handle; both behave the same.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(schema(), key),
    set: (_target, key, value) => Reflect.set(schema(), key, value),
    has: (_target, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      // The proxy's own target has no such property: report it as configurable (a proxy invariant).
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
