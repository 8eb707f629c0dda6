/**
 * Parse errors as a list of issues, safely: formatting quotes the value
 * that failed, and a value nested deeply enough (thousands of levels of
 * JSON arrays from a hostile server) would overflow the stack.
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"

export interface FormattedIssue {
  /** `"Missing"` for a required key the value does not have. */
  readonly _tag: string
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

/** The issues of `error`, or one issue saying `fallback` when they cannot be formatted. */
export const issuesOf = (error: ParseResult.ParseError, fallback: string): ReadonlyArray<FormattedIssue> =>
  Either.getOrElse(
    Either.try(() => ParseResult.ArrayFormatter.formatErrorSync(error)),
    () => [{ _tag: "Type", path: [], message: fallback }]
  )
