/**
 * The one-pass decoding of answers (`internal/decoder.ts`) against Schema's
 * own decoding, for the success schema of every JSON endpoint: valid wire
 * JSON is decoded in one pass to the very value Schema decodes (same
 * classes, same keys in the same order), and any input, valid or broken,
 * decodes as Schema decodes it or fails with Schema's own error. (Its use
 * through `Endpoint.decodeSuccess` is in `Endpoint.test.ts`.)
 */
import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck, Option, Schema } from "effect"
import { Api } from "../src/index.js"
import { decoder, onePass } from "../src/internal/decoder.js"
import { unknownFields, viaJson, wireOf, withUnknownFields } from "./wire.js"

const runs = { fastCheck: { numRuns: 60 } }

/** Every place in a JSON value: the keys (and indexes) leading to it. */
const pathsOf = (value: unknown, at: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> =>
  Array.isArray(value)
    ? [at, ...value.flatMap((item, index) => pathsOf(item, [...at, index]))]
    : value !== null && typeof value === "object"
    ? [at, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...at, key]))]
    : [at]

/** `value` with the place at `path` replaced by `replacement`, or removed when it is `undefined`. */
const replaced = (value: unknown, path: ReadonlyArray<string | number>, replacement: unknown): unknown => {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...value]
    copy[head as number] = replaced(copy[head as number], rest, replacement)
    return copy
  }
  const copy = { ...(value as Record<string, unknown>) }
  const next = replaced(copy[head as string], rest, replacement)
  if (next === undefined) delete copy[head as string]
  else copy[head as string] = next
  return copy
}

/** A value and its JSON text: the second shows the order of its keys. */
const described = (value: unknown) => ({ value, json: JSON.stringify(value) })

const json = Api.endpoints.filter((endpoint) => endpoint.response === "json")

describe("decoder", () => {
  it("covers every JSON endpoint", () => {
    expect(json.length).toBeGreaterThan(20)
  })

  for (const endpoint of json) {
    describe(endpoint.name, () => {
      const schema = endpoint.success as Schema.Schema<unknown, unknown>
      const slow = Schema.decodeUnknownEither(schema)
      const fast = onePass(schema)
      const decode = decoder(schema)
      const wires = wireOf(schema.ast).map(viaJson)

      it.prop("valid wire JSON decodes in one pass, to the value Schema decodes", {
        wire: wires,
        extra: FastCheck.option(unknownFields, { nil: undefined })
      }, ({ extra, wire }) => {
        const input = extra === undefined ? wire : viaJson(withUnknownFields(wire, extra))
        const expected = Either.getOrThrow(slow(input))
        const once = fast(input)
        expect(Option.isSome(once)).toBe(true)
        expect(described(Option.getOrThrow(once))).toStrictEqual(described(expected))
        expect(described(Either.getOrThrow(decode(input)))).toStrictEqual(described(expected))
      }, runs)

      it.prop("any input, one value changed or removed, decodes as Schema decodes it or fails as it fails", {
        wire: wires,
        pick: FastCheck.nat(),
        replacement: FastCheck.oneof(FastCheck.constant(undefined), FastCheck.jsonValue({ maxDepth: 1 }))
      }, ({ pick, replacement, wire }) => {
        const paths = pathsOf(wire)
        const input = replaced(wire, paths[pick % paths.length]!, replacement)
        const expected = slow(input)
        const actual = decode(input)
        if (Either.isLeft(expected)) {
          expect(Either.isLeft(actual)).toBe(true)
          expect(Either.flip(actual).pipe(Either.getOrThrow).message).toBe(expected.left.message)
          expect(Option.isNone(fast(input))).toBe(true)
        } else {
          expect(described(Either.getOrThrow(actual))).toStrictEqual(described(expected.right))
        }
      }, runs)
    })
  }
})
