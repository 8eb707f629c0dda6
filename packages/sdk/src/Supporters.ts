/**
 * Supporters: who supports whom, and becoming (or ceasing to be) a
 * supporter.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const { total, supporters } = yield* Supporters.supporterList({ screenId: "twitcasting_jp", sort: "new" })
 *   yield* Effect.log(`${total} supporters, newest: ${supporters[0]?.name}`)
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#supporters
 * @since 0.1.0
 */
import * as Api from "./Api.js"
import type { Call } from "./Endpoint.js"
import { call } from "./internal/client.js"

/**
 * Whether the user (`id` or `screenId`) supports `targetUserId`, and since
 * when.
 *
 * @example
 * ```ts
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const status = Supporters.getSupportingStatus({ screenId: "casma_jp", targetUserId: "twitcasting_jp" })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-supporting-status
 * @category calls
 * @since 0.1.0
 */
export const getSupportingStatus: Call<typeof Api.getSupportingStatus> = call(Api.getSupportingStatus)

/**
 * Makes the token user a supporter of 1 to 20 users (ids or screen ids).
 *
 * @example
 * ```ts
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const support = Supporters.supportUser({ targetUserIds: ["twitcasting_jp"] })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#support-user
 * @category calls
 * @since 0.1.0
 */
export const supportUser: Call<typeof Api.supportUser> = call(Api.supportUser)

/**
 * Ends the token user's support of 1 to 20 users.
 *
 * @example
 * ```ts
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const unsupport = Supporters.unsupportUser({ targetUserIds: ["twitcasting_jp"] })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#unsupport-user
 * @category calls
 * @since 0.1.0
 */
export const unsupportUser: Call<typeof Api.unsupportUser> = call(Api.unsupportUser)

/**
 * The users a user supports; `offset` ≥ 0, `limit` 1–20.
 *
 * @example
 * ```ts
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const page = Supporters.supportingList({ screenId: "twitcasting_jp", limit: 20 })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#supporting-list
 * @category calls
 * @since 0.1.0
 */
export const supportingList: Call<typeof Api.supportingList> = call(Api.supportingList)

/**
 * The users who support a user, by `sort`: `"ranking"` (contribution,
 * default) or `"new"`; `offset` ≥ 0, `limit` 1–20.
 *
 * @example
 * ```ts
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const top = Supporters.supporterList({ screenId: "twitcasting_jp", sort: "ranking", limit: 5 })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#supporter-list
 * @category calls
 * @since 0.1.0
 */
export const supporterList: Call<typeof Api.supporterList> = call(Api.supporterList)
