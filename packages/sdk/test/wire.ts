/**
 * Generated wire JSON for the property tests: what a model's schema reads,
 * with the numbers JSON can carry, and fields a later API version might add.
 */
import { Arbitrary, FastCheck, Option, Schema, SchemaAST } from "effect"

/** Numbers JSON can carry (no NaN, no infinities; -0 reads back as 0). */
export const jsonNumber = FastCheck.oneof(
  FastCheck.integer({ min: -1_000_000, max: 1_000_000_000 }),
  FastCheck.double({ noNaN: true, noDefaultInfinity: true })
).map((n) => (Object.is(n, -0) ? 0 : n))

/** Unix timestamps: whole seconds, from year 1 to year 9999. */
export const wholeSeconds = FastCheck.integer({ min: -62_135_596_800, max: 253_402_300_799 })

/**
 * Wire JSON of a model, derived from its schema: the encoded side of every
 * field, JSON-safe numbers, and whole seconds for `UnixSeconds` fields.
 */
export const wireOf = (ast: SchemaAST.AST): FastCheck.Arbitrary<unknown> => {
  switch (Option.getOrUndefined(SchemaAST.getIdentifierAnnotation(ast))) {
    case "UnixSeconds":
      return wholeSeconds
    // the canonical forms of a value sent as a string or a number (what encoding writes)
    case "LooseString(string)":
      return FastCheck.string()
    case "LooseString(number)":
      return FastCheck.integer({ min: 0, max: 1_000_000_000 })
  }
  switch (ast._tag) {
    case "Transformation":
      return ast.transformation._tag === "TypeLiteralTransformation" && ast.from._tag === "TypeLiteral"
        ? literal(ast.from, filledIn(ast.transformation, ast.to))
        : wireOf(ast.from)
    case "TypeLiteral":
      return literal(ast, new Set())
    case "TupleType": {
      const [rest] = ast.rest
      if (ast.elements.length > 0 || rest === undefined) throw new Error(`no wire arbitrary for ${String(ast)}`)
      return FastCheck.array(wireOf(rest.type), { maxLength: 3 })
    }
    case "Union":
      return FastCheck.oneof(...ast.types.map(wireOf))
    case "NumberKeyword":
      return jsonNumber
    case "UndefinedKeyword":
      return FastCheck.constant(undefined)
    default: {
      // strings, booleans, literals, refinements such as oneOf: their own arbitrary, encoded
      const schema = Schema.make(ast)
      return Arbitrary.make(schema).map(Schema.encodeSync(schema))
    }
  }
}

/**
 * The wire keys that decoding fills in when they are missing (an
 * `optionalWith` default): encoding always writes them, so the canonical
 * wire has them.
 */
const filledIn = (transformation: SchemaAST.TypeLiteralTransformation, to: SchemaAST.AST): Set<string> => {
  const required = new Set(
    to._tag === "TypeLiteral" ? to.propertySignatures.filter((p) => !p.isOptional).map((p) => String(p.name)) : []
  )
  return new Set(
    transformation.propertySignatureTransformations.filter((t) => required.has(String(t.to))).map((t) => String(t.from))
  )
}

/** Wire JSON of an object: its required keys always, the optional ones now and then. */
const literal = (ast: SchemaAST.TypeLiteral, alwaysSent: Set<string>): FastCheck.Arbitrary<unknown> => {
  const fields: Record<string, FastCheck.Arbitrary<unknown>> = {}
  const requiredKeys: Array<string> = []
  for (const signature of ast.propertySignatures) {
    const name = String(signature.name)
    fields[name] = wireOf(signature.type)
    if (!signature.isOptional || alwaysSent.has(name)) requiredKeys.push(name)
  }
  return FastCheck.record(fields, { requiredKeys })
}

/** Is every number in `value` one JSON can carry as is? */
export const jsonSafe = (value: unknown): boolean =>
  typeof value === "number"
    ? Number.isFinite(value) && !Object.is(value, -0)
    : Array.isArray(value)
    ? value.every(jsonSafe)
    : value !== null && typeof value === "object"
    ? Object.values(value).every(jsonSafe)
    : true

/** Through JSON text and back: what a client actually receives. */
export const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** Fields a later API version might add; no model has a key with a dash. */
export const unknownFields = FastCheck.dictionary(
  FastCheck.string({ maxLength: 8 }).map((key) => `new-${key}`),
  FastCheck.jsonValue({ maxDepth: 2 }),
  { minKeys: 1, maxKeys: 3 }
)

/** `wire` with `extra` added to every object in it, nested ones included. */
export const withUnknownFields = (wire: unknown, extra: Record<string, unknown>): unknown =>
  Array.isArray(wire)
    ? wire.map((item) => withUnknownFields(item, extra))
    : wire !== null && typeof wire === "object"
    ? {
      ...Object.fromEntries(Object.entries(wire).map(([key, value]) => [key, withUnknownFields(value, extra)])),
      ...extra
    }
    : wire
