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
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Api from "./Api.js"
import type { Auth } from "./Auth.js"
import type { Call } from "./Endpoint.js"
import type { CallError } from "./Errors.js"
import { call } from "./internal/client.js"
import { byOffset } from "./internal/pages.js"
import type * as Models from "./Models.js"

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

/**
 * Every supporter of a user, as a `Stream` that fetches a page
 * (`pageSize`, 1–20, default 20) only when the previous one is consumed.
 *
 * **Gotchas**
 *
 * Pages are addressed by offset: a supporter who joins or leaves while the
 * stream runs can shift the list by one. Ends at the total the API reports
 * or at the first short page.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const topTen = Supporters.allSupporters({ screenId: "twitcasting_jp" }, { sort: "ranking" }).pipe(
 *   Stream.take(10),
 *   Stream.runCollect
 * )
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const allSupporters = (
  user: typeof Api.UserRef.Type,
  options: { readonly sort?: "new" | "ranking" | undefined; readonly pageSize?: number | undefined } = {}
): Stream.Stream<Models.Supporter, CallError, HttpClient.HttpClient | Auth> => {
  const pageSize = options.pageSize ?? 20
  return byOffset(pageSize, (offset) =>
    Effect.map(
      supporterList({
        ...user,
        offset,
        limit: pageSize,
        ...(options.sort === undefined ? {} : { sort: options.sort })
      }),
      (page) => ({ items: page.supporters, total: page.total })
    )).pipe(Stream.withSpan("Supporters.allSupporters"))
}

/**
 * Every user a user supports, as a `Stream` of pages of `pageSize` (1–20,
 * default 20) fetched on demand.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const everyone = Stream.runCollect(Supporters.allSupporting({ screenId: "casma_jp" }))
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const allSupporting = (
  user: typeof Api.UserRef.Type,
  options: { readonly pageSize?: number | undefined } = {}
): Stream.Stream<Models.Supporter, CallError, HttpClient.HttpClient | Auth> => {
  const pageSize = options.pageSize ?? 20
  return byOffset(pageSize, (offset) =>
    Effect.map(
      supportingList({ ...user, offset, limit: pageSize }),
      (page) => ({ items: page.supporting, total: page.total })
    )).pipe(Stream.withSpan("Supporters.allSupporting"))
}
