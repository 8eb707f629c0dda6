/**
 * Input schemas shared by several modules' declarations: who a call is
 * about, and the rules of the live's texts.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import { codePoints, halfWidths, Id, key, withDefault } from "./wire.js"

/**
 * A user named by `id` or by `screenId` (`id` wins when both are given),
 * sent as the `:user_id` path parameter.
 */
export const UserRef = Schema.transform(
  Schema.Struct({ user_id: Id }),
  Schema.Union(
    Schema.Struct({ id: Id, screenId: Schema.optional(Schema.String) }),
    // a given `id` must be valid: it is never dropped in favour of `screenId`
    Schema.Struct({ screenId: Id, id: Schema.optional(Schema.Never) })
  ),
  {
    strict: true,
    decode: ({ user_id }) => ({ id: user_id }),
    encode: (ref) => ({ user_id: ref.id !== undefined ? ref.id : ref.screenId })
  }
)

/** The `:movie_id` path parameter. */
export const MovieRef = Schema.Struct({ movieId: key("movie_id", Id) })

/** Whether the API may cut a text longer than its limit (`cut_out`), default `false`. */
export const CutOut = withDefault(Schema.Boolean, false).pipe(Schema.fromKey("cut_out"))

/**
 * The subtitle rule: 1 to 34 half-widths (a full-width character counts
 * two), or longer with `cutOut`.
 */
export const subtitleRule = (subtitle: string, cutOut: boolean) => {
  const width = halfWidths(subtitle)
  return width >= 1 && (cutOut || width <= 34)
    ? undefined
    : {
      path: ["subtitle"],
      message: "must be 1 to 34 half-width characters wide, a full-width one counting two " +
        "(longer is allowed with cutOut: true)"
    }
}

/** The hashtag rule: 1 to 26 characters, or longer with `cutOut`. */
export const hashtagRule = (hashtag: string, cutOut: boolean) => {
  const length = codePoints(hashtag)
  return length >= 1 && (cutOut || length <= 26)
    ? undefined
    : { path: ["hashtag"], message: "must be 1 to 26 characters (longer is allowed with cutOut: true)" }
}
