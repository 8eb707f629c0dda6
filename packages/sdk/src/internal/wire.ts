/**
 * How the wire format of TwitCasting API v2 maps onto our models: snake_case
 * keys, Unix-second timestamps, defaults the API expects to be sent, and text
 * lengths counted the way the API counts them.
 *
 * @internal
 */
import type { LazyArbitrary } from "effect/Arbitrary"
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A camelCase property read from (and written back to) a snake_case wire key.
 *
 * @internal
 */
export const key = <const Key extends string, S extends Schema.Schema.Any>(wireKey: Key, schema: S) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(wireKey))

/**
 * A Unix timestamp in seconds on the wire, a `DateTime.Utc` in the model.
 *
 * @internal
 */
export const UnixSeconds = Schema.transformOrFail(Schema.Number, Schema.DateTimeUtcFromSelf, {
  strict: true,
  decode: (seconds, _, ast) =>
    Option.match(DateTime.make(seconds * 1000), {
      onNone: () => ParseResult.fail(new ParseResult.Type(ast, seconds, "not a Unix timestamp")),
      onSome: (dateTime) => ParseResult.succeed(DateTime.toUtc(dateTime))
    }),
  encode: (dateTime) => ParseResult.succeed(Math.floor(DateTime.toEpochMillis(dateTime) / 1000))
}).annotations({
  identifier: "UnixSeconds",
  // whole seconds between 1970 and 2100: what the wire can carry
  arbitrary: () => (fc) =>
    fc.integer({ min: 0, max: 4_102_444_800 }).map((seconds) => DateTime.unsafeMake(seconds * 1000))
})

/**
 * A value with a default, which callers may leave out: encoding always
 * sends it (filling in `fallback`), and decoding a request that lacks it
 * (as a server does) yields `fallback`, as the API defaults it.
 *
 * @internal
 */
export const withDefault = <A, I>(schema: Schema.Schema<A, I>, fallback: NoInfer<A>) =>
  Schema.optionalToOptional(schema, Schema.typeSchema(schema), {
    decode: (value) => Option.orElse(value, () => Option.some(fallback)),
    encode: (value) => Option.orElse(value, () => Option.some(fallback))
  })

/**
 * Length of a string in Unicode code points: an emoji counts once, as the
 * API counts it, not as the two UTF-16 units JavaScript's `length` sees.
 *
 * @internal
 */
export const codePoints = (text: string): number => {
  let count = 0
  for (const _ of text) count++
  return count
}

/**
 * Width of a string as TwitCasting measures a subtitle: a half-width
 * character (ASCII, half-width katakana) counts one, any other (kanji,
 * kana, full-width forms, emoji) two.
 *
 * @internal
 */
export const halfWidths = (text: string): number => {
  let width = 0
  for (const char of text) {
    const code = char.codePointAt(0)!
    width += code < 0x7f || (code >= 0xff61 && code <= 0xff9f) ? 1 : 2
  }
  return width
}

/**
 * The longest prefix of `text` at most `max` half-widths wide (see
 * {@link halfWidths}): what the API keeps of a subtitle set with `cut_out`.
 *
 * @internal
 */
export const cutToWidth = (text: string, max: number): string => {
  let width = 0
  let kept = ""
  for (const char of text) {
    width += halfWidths(char)
    if (width > max) break
    kept += char
  }
  return kept
}

/**
 * A string of `min` to `max` code points.
 *
 * @internal
 */
export const Text = (min: number, max: number) =>
  Schema.String.pipe(
    Schema.filter((text) => {
      const length = codePoints(text)
      return length >= min && length <= max
    }, { message: () => `must be ${min} to ${max} characters` })
  )

/**
 * An integer in `[min, max]`, carried as a decimal string in a query.
 *
 * @internal
 */
export const QueryInt = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  Schema.NumberFromString.pipe(
    Schema.filter((n) => Number.isInteger(n) && n >= min && n <= max, {
      message: () =>
        max === Number.MAX_SAFE_INTEGER ? `must be an integer ≥ ${min}` : `must be an integer from ${min} to ${max}`
    })
  )

const digits = /^[1-9]\d*$/

/**
 * A positive whole id in a query (`slice_id` of comments and movies): a safe
 * integer, or its decimal digits as a string for an id beyond 2^53, which a
 * number cannot hold exactly. Sent as its digits; read back as a number
 * while that is exact, else as the digits.
 *
 * @internal
 */
export const QueryId = Schema.transform(
  Schema.String.pipe(Schema.pattern(digits, { message: () => "must be an integer ≥ 1" })),
  Schema.Union(
    Schema.Int.pipe(Schema.between(1, Number.MAX_SAFE_INTEGER)),
    Schema.String.pipe(Schema.pattern(digits))
  ).annotations({ message: () => "must be a whole number ≥ 1, or its digits as a string" }),
  {
    strict: true,
    decode: (text) => Number.isSafeInteger(Number(text)) ? Number(text) : text,
    encode: (id) => String(id)
  }
).annotations({ identifier: "QueryId" })

/**
 * A non-empty identifier (user id, screen id, movie id ...). It goes into a
 * URL path, where "." and ".." would be read as directory segments and send
 * the request elsewhere, so those are refused too.
 *
 * @internal
 */
export const Id = Schema.String.pipe(
  Schema.filter((s) => s.length > 0, { message: () => "must not be empty" }),
  Schema.filter((s) => s !== "." && s !== "..", { message: () => "must not be . or .." })
)

/**
 * One of a fixed set of strings, with a message naming the allowed values.
 *
 * @internal
 */
export const oneOf = <const Values extends ReadonlyArray<string>>(...values: Values) =>
  Schema.String.pipe(
    Schema.filter((value): value is Values[number] => values.includes(value), {
      message: () => `must be one of ${values.join(", ")}`,
      arbitrary: (): LazyArbitrary<Values[number]> => (fc) => fc.constantFrom(...values)
    })
  )

/**
 * An optional camelCase property read from (and written to) a snake_case
 * wire key.
 *
 * @internal
 */
export const optionalKey = <const Key extends string, S extends Schema.Schema.Any>(wireKey: Key, schema: S) =>
  Schema.optional(schema).pipe(Schema.fromKey(wireKey))

/**
 * A value the API documents as a string but sends as a JSON number too
 * (a gift's `id` and `item_mp`): a string in the model, whichever came.
 * Encoded as `encodeAs` says: the documented string, or a number when the
 * string is a whole number (as the live API sends `item_mp`).
 *
 * @internal
 */
export const LooseString = (encodeAs: "string" | "number") =>
  Schema.transform(Schema.Union(Schema.String, Schema.Number), Schema.String, {
    strict: true,
    decode: (value) => typeof value === "number" ? String(value) : value,
    encode: (value) => encodeAs === "number" && /^(0|[1-9]\d{0,14})$/.test(value) ? Number(value) : value
  }).annotations({ identifier: `LooseString(${encodeAs})` })

/**
 * A header's whole number (at most 15 digits, spaces around allowed), or
 * `undefined` when it is missing or anything else.
 *
 * @internal
 */
export const wholeNumber = (value: string | undefined): number | undefined =>
  value !== undefined && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : undefined

/**
 * A repeated query parameter (`events[]=a&events[]=b`), whose single value
 * a server's parser may hand over as a string rather than a list.
 */
export const ArrayParam = <A, I extends string>(items: Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I>>) =>
  Schema.compose(
    Schema.transform(Schema.Union(Schema.String, Schema.Array(Schema.String)), Schema.Array(Schema.String), {
      strict: true,
      decode: (value) => typeof value === "string" ? [value] : value,
      encode: (values) => values
    }),
    items,
    { strict: false }
  )
