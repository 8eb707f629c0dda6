/**
 * Values made once per object and kept as long as that object lives: the
 * parsers of an endpoint, the headers of an `Auth`, the scoped form of an
 * `HttpClient`.
 *
 * @internal
 */

/**
 * `make`, run once per key; its result is kept in a `WeakMap`, so it goes
 * when the key does.
 *
 * @internal
 */
export const memoize = <K extends object, V>(make: (key: K) => V): (key: K) => V => {
  const made = new WeakMap<K, V>()
  return (key) => {
    let value = made.get(key)
    if (value === undefined) {
      value = make(key)
      made.set(key, value)
    }
    return value
  }
}
