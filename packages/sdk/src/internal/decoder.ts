/**
 * Decoding answers into models without the cost of renaming keys one by
 * one.
 *
 * A model's wire keys are snake_case (`screen_id`) and its properties
 * camelCase (`screenId`). Schema decodes such a struct in three passes: it
 * parses the wire object, renames each key in place (a `delete` and an
 * assignment per key, which leaves V8 a slow dictionary object), then checks
 * every property again against its type, and a class then copies the
 * result. For a `getUserInfo` answer this was most of what the SDK added to
 * a call (see `packages/bench`).
 *
 * `decoder(schema)` derives from the same schema a parser that does it in
 * one pass: each struct is read into a fresh object, each rename applied
 * while the object is built, a class instance made from it directly,
 * strings, numbers, literals and their unions checked in place, and every
 * other schema (refinements, timestamps ...) left to Schema's own parser.
 * The type-side checks it skips hold by construction: every value comes
 * out of the decoding of its own wire schema. When the one-pass parser
 * refuses an input, Schema's decoding runs instead, so that an error is
 * always Schema's own, with its path and message.
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { memoize } from "./memo.js"

/** What a one-pass parser returns for an input it refuses. */
const refused: unique symbol = Symbol("refused")

type Parser = (input: unknown) => unknown

/**
 * The one-pass decoding of `schema`: `None` for an input it refuses (which
 * Schema's decoding refuses too, or else decodes to the same value).
 *
 * @internal
 */
export const onePass = <A, I>(schema: Schema.Schema<A, I>) => {
  const parse = parserOf(schema.ast)
  return (input: unknown): Option.Option<A> => {
    const value = parse(input)
    return value === refused ? Option.none() : Option.some(value as A)
  }
}

/**
 * Decodes with `schema`: in one pass when the input is valid, with
 * Schema's own decoding otherwise (and so with its error).
 *
 * @internal
 */
export const decoder = <A, I>(schema: Schema.Schema<A, I>) => {
  const fast = onePass(schema)
  const slow = Schema.decodeUnknownEither(schema)
  return (input: unknown): Either.Either<A, ParseResult.ParseError> => {
    const value = fast(input)
    return Option.isSome(value) ? Either.right(value.value) : slow(input)
  }
}

/** The one-pass parser of `ast`, made once per node (shared ones, as a model's, included). */
const parserOf: (ast: AST.AST) => Parser = memoize((ast) => make(ast))

/** Schema's own parser of `ast`, as a one-pass parser. */
const generic = (ast: AST.AST): Parser => {
  const parse = ParseResult.decodeUnknownEither(Schema.make(ast))
  return (input) => {
    const result = parse(input)
    return Either.isRight(result) ? result.right : refused
  }
}

const make = (ast: AST.AST): Parser => {
  // parse options and fallbacks change how Schema parses a node: leave those to it
  if (Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))) {
    return generic(ast)
  }
  const accepts = primitive(ast)
  if (accepts !== undefined) return (input) => accepts(input) ? input : refused
  switch (ast._tag) {
    case "TypeLiteral":
      return ast.indexSignatures.length === 0 ? struct(ast) : generic(ast)
    case "TupleType":
      return ast.elements.length === 0 && ast.rest.length === 1 ? array(parserOf(ast.rest[0]!.type)) : generic(ast)
    case "Transformation":
      if (ast.transformation._tag === "TypeLiteralTransformation" && ast.to._tag === "TypeLiteral") {
        return renamed(parserOf(ast.from), ast.to, ast.transformation.propertySignatureTransformations)
      }
      return isClass(ast) ? instance(ast, parserOf(ast.from)) : generic(ast)
    default:
      return generic(ast)
  }
}

/**
 * The check of a schema that decodes a value to itself when it accepts it:
 * a keyword, a literal, or a union of those (`NullOr(String)`, an optional
 * number), whose members accept distinct values so that their order does
 * not matter. `undefined` for any other schema.
 */
const primitive = (ast: AST.AST): ((input: unknown) => boolean) | undefined => {
  switch (ast._tag) {
    case "StringKeyword":
      return (input) => typeof input === "string"
    case "NumberKeyword":
      return (input) => typeof input === "number"
    case "BooleanKeyword":
      return (input) => typeof input === "boolean"
    case "UndefinedKeyword":
      return (input) => input === undefined
    case "Literal": {
      const literal = ast.literal
      return (input) => input === literal
    }
    case "Union": {
      const members = ast.types.map(primitive)
      if (members.some((member) => member === undefined)) return undefined
      const checks = members as ReadonlyArray<(input: unknown) => boolean>
      return (input) => checks.some((check) => check(input))
    }
    default:
      return undefined
  }
}

const hasOwn = (record: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(record, key)

/**
 * A struct, as Schema parses it by default: excess keys ignored, a missing
 * optional key left out, a missing required key parsed as `undefined`, the
 * output's keys in the order of the schema's.
 */
const struct = (ast: AST.TypeLiteral): Parser => {
  const properties = ast.propertySignatures.map((property) => ({
    name: property.name,
    isOptional: property.isOptional,
    parse: parserOf(property.type)
  }))
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return refused
    const record = input as Record<PropertyKey, unknown>
    const output: Record<PropertyKey, unknown> = {}
    for (const property of properties) {
      if (property.isOptional && !hasOwn(record, property.name)) continue
      const value = property.parse(record[property.name])
      if (value === refused) return refused
      output[property.name] = value
    }
    return output
  }
}

const array = (element: Parser): Parser => (input) => {
  if (!Array.isArray(input)) return refused
  const output = new Array<unknown>(input.length)
  for (let i = 0; i < input.length; i++) {
    const value = element(input[i])
    if (value === refused) return refused
    output[i] = value
  }
  return output
}

/**
 * A struct whose keys are renamed (or defaulted) on the way from the wire:
 * built at once in the order of its type's keys, as Schema leaves it after
 * checking the renamed struct against its type.
 */
const renamed = (
  from: Parser,
  to: AST.TypeLiteral,
  transformations: ReadonlyArray<AST.PropertySignatureTransformation>
): Parser => {
  const byTarget = new Map(transformations.map((transformation) => [transformation.to, transformation]))
  const properties = to.propertySignatures.map((property) => ({
    name: property.name,
    isOptional: property.isOptional,
    transformation: byTarget.get(property.name)
  }))
  return (input) => {
    const value = from(input)
    if (value === refused) return refused
    const wire = value as Record<PropertyKey, unknown>
    const output: Record<PropertyKey, unknown> = {}
    for (const { isOptional, name, transformation } of properties) {
      if (transformation === undefined) {
        if (hasOwn(wire, name)) output[name] = wire[name]
        else if (!isOptional) return refused
        continue
      }
      const result = transformation.decode(
        hasOwn(wire, transformation.from) ? Option.some(wire[transformation.from]) : Option.none()
      )
      if (Option.isSome(result)) output[name] = result.value
      else if (!isOptional) return refused
    }
    return output
  }
}
/**
 * Whether `ast` is a `Schema.Class`: a transformation from its fields into
 * a declaration of the class, which stands for its fields (a surrogate).
 */
const isClass = (ast: AST.Transformation): boolean =>
  ast.transformation._tag === "FinalTransformation" &&
  ast.to._tag === "Declaration" &&
  Option.isSome(AST.getSurrogateAnnotation(ast.to))

/**
 * A class instance, made by the class's own decoding from its parsed
 * fields; the check that the result is an instance holds by construction.
 */
const instance = (ast: AST.Transformation, from: Parser): Parser => {
  const transformation = ast.transformation as AST.FinalTransformation
  return (input) => {
    const fields = from(input)
    if (fields === refused) return refused
    const made = transformation.decode(fields, AST.defaultParseOption, ast, input)
    return Either.isEither(made) && Either.isRight(made) ? made.right : refused
  }
}
