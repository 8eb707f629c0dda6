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
import * as Api from "./Api.js"
import type { Call } from "./Endpoint.js"
import { call } from "./internal/client.js"

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
export const getGifts: Call<typeof Api.getGifts> = call(Api.getGifts)
