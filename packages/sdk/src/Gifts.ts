/**
 * Gifts: the items viewers sent to the token user in the last 10 seconds.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Gifts } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const first = yield* Gifts.getGifts()
 *   const next = yield* Gifts.getGifts({ sliceId: first.sliceId })
 *   yield* Effect.log(next.gifts.map((gift) => gift.itemName))
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#gifts
 * @since 0.1.0
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Auth } from "./Auth.js"
import { type Call, meta, metaOf, type Of } from "./Endpoint.js"
import type { CallError } from "./Errors.js"
import { call } from "./internal/client.js"
import { delay, pace } from "./internal/polling.js"
import { key, optionalKey, QueryInt } from "./internal/wire.js"
import type * as Models from "./Models.js"
import { Gift } from "./Models.js"

/**
 * The decoded body of a successful {@link getGifts} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Gifts } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Gifts.GiftPage)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const GiftPage = Schema.Struct({ sliceId: key("slice_id", Schema.Number), gifts: Schema.Array(Gift) })

/**
 * The declarations of the Gifts endpoints.
 *
 * @example
 * ```ts
 * import { Gifts } from "@effect-twitcasting/sdk"
 *
 * const paths = Object.values(Gifts.group.endpoints).map((endpoint) => endpoint.path)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const group = HttpApiGroup.make("Gifts")
  .add(
    HttpApiEndpoint.get("getGifts", "/gifts")
      .setUrlParams(Schema.Struct({ sliceId: optionalKey("slice_id", QueryInt(-1)) }))
      .addSuccess(GiftPage)
      .annotateContext(meta({ access: "user", idempotent: true }))
  )

/**
 * The gifts of the last 10 seconds, after `sliceId` (≥ -1, default -1).
 *
 * **Details**
 *
 * The result's `sliceId` is what to pass next time to get only newer gifts.
 * Needs a user token.
 *
 * @example
 * ```ts
 * import { Gifts } from "@effect-twitcasting/sdk"
 *
 * const gifts = Gifts.getGifts({ sliceId: -1 })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-gifts
 * @category calls
 * @since 0.1.0
 */
export const getGifts: Call<Of<typeof group, "getGifts">> = call(group, "getGifts")

/**
 * How {@link tail} polls.
 *
 * @example
 * ```ts
 * import { Gifts } from "@effect-twitcasting/sdk"
 *
 * const quick = Gifts.tail({ minInterval: "500 millis", share: 0.8 })
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export interface TailOptions {
  /** The shortest wait between two polls. Default 1 second. */
  readonly minInterval?: Duration.DurationInput | undefined
  /**
   * The longest wait between two polls. Default 5 seconds: the API shows a
   * gift for about 10 seconds, so a longer wait can miss some.
   */
  readonly maxInterval?: Duration.DurationInput | undefined
  /** The share of the token's remaining rate budget the tail may use, in (0, 1]. Default 0.5. */
  readonly share?: number | undefined
}

/**
 * The gifts sent to the token's user, as they arrive: the last 10 seconds'
 * first, then each new one exactly once, for as long as the stream runs.
 *
 * **Details**
 *
 * Polls `getGifts`, passing back the `slice_id` of each answer so no gift is
 * repeated or skipped. The wait between polls spreads the tail's share of
 * the token's remaining requests over the time left in the rate-limit
 * window, within `[minInterval, maxInterval]`. Needs a user token.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Gifts } from "@effect-twitcasting/sdk"
 *
 * const thank = Gifts.tail().pipe(
 *   Stream.runForEach((gift) => Effect.log(`thanks for the ${gift.itemName}, ${gift.userName}!`))
 * )
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const tail = (
  options: TailOptions = {}
): Stream.Stream<Models.Gift, CallError, HttpClient.HttpClient | Auth> => {
  const paced = pace(options, { min: "1 second", max: "5 seconds" })
  return Stream.paginateChunkEffect({ sliceId: -1, first: true }, ({ first, sliceId }) =>
    Effect.gen(function*() {
      if (!first) yield* Effect.sleep(yield* delay(paced, metaOf(group.endpoints.getGifts!)))
      const page = yield* getGifts({ sliceId })
      return [Chunk.fromIterable(page.gifts), Option.some({ sliceId: page.sliceId, first: false })] as const
    })).pipe(Stream.withSpan("Gifts.tail"))
}
