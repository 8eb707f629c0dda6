/**
 * What the overlay shows, and the two ways it arrives: straight from the
 * API with the SDK's tails, or from a relay on a server as server-sent
 * events (for when the API does not allow calls from a browser).
 *
 * @since 0.1.0
 */
import { Comments, Gifts, Models, Movies, Users } from "@effect-twitcasting/sdk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

/**
 * A comment or a gift, as the overlay shows it and the relay sends it (one
 * server-sent event's data, JSON in the API's own shape).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Item } from "./feed.js"
 *
 * const decode = Schema.decodeUnknown(Schema.parseJson(Item))
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export const Item = Schema.Union(
  Schema.TaggedStruct("Comment", { comment: Models.Comment }),
  Schema.TaggedStruct("Gift", { gift: Models.Gift })
)

/**
 * A comment or a gift, decoded.
 *
 * @example
 * ```ts
 * import type { Item } from "./feed.js"
 *
 * const who = (item: Item) => item._tag === "Comment" ? item.comment.fromUser.name : item.gift.userName
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Item = typeof Item.Type

/**
 * The live's new comments and the gifts to the token's user, as they come:
 * the live is `movieId`, or the token user's current one.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { direct } from "./feed.js"
 *
 * const firstTen = direct({}).pipe(Stream.take(10), Stream.runCollect)
 * ```
 *
 * @category feeds
 * @since 0.1.0
 */
export const direct = (options: { readonly movieId?: string | undefined }) =>
  Stream.unwrap(Effect.gen(function*() {
    const movieId = options.movieId ?? (yield* currentLive)
    return Stream.merge(
      Stream.map(Comments.tail({ movieId }), (comment): Item => ({ _tag: "Comment", comment })),
      Stream.map(Gifts.tail(), (gift): Item => ({ _tag: "Gift", gift }))
    )
  }))

/** The token user's live now. */
const currentLive = Effect.gen(function*() {
  const { user } = yield* Users.verifyCredentials()
  const { movie } = yield* Movies.getCurrentLive({ screenId: user.screenId })
  return movie.id
})

/**
 * The items a relay (`relay.ts`) sends as server-sent events from `url`;
 * an event that does not decode is skipped. `EventSource` reconnects by
 * itself when the relay restarts.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { relayed } from "./feed.js"
 *
 * const firstTen = relayed("http://127.0.0.1:8790/events").pipe(Stream.take(10), Stream.runCollect)
 * ```
 *
 * @category feeds
 * @since 0.1.0
 */
export const relayed = (url: string): Stream.Stream<Item> =>
  Stream.async<Item>((emit) => {
    const source = new EventSource(url)
    source.onmessage = (event) => {
      Option.map(decodeItem(event.data), (item) => emit.single(item))
    }
    return Effect.sync(() => source.close())
  })

const decodeItem = Schema.decodeUnknownOption(Schema.parseJson(Item))

/**
 * An item as the relay sends it.
 *
 * @example
 * ```ts
 * import { encodeItem, type Item } from "./feed.js"
 *
 * declare const item: Item
 * const data = encodeItem(item)
 * ```
 *
 * @category feeds
 * @since 0.1.0
 */
export const encodeItem = Schema.encode(Schema.parseJson(Item))
