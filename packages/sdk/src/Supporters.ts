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
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Auth } from "./Auth.js"
import { type Call, meta, type Of } from "./Endpoint.js"
import type { CallError } from "./Errors.js"
import { call } from "./internal/client.js"
import { UserRef } from "./internal/inputs.js"
import { byOffset } from "./internal/pages.js"
import { Id, key, oneOf, QueryInt, UnixSeconds, withDefault } from "./internal/wire.js"
import type * as Models from "./Models.js"
import { Supporter, User } from "./Models.js"

/**
 * The decoded body of a successful {@link getSupportingStatus} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Supporters.SupportingStatus)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const SupportingStatus = Schema.Struct({
  isSupporting: key("is_supporting", Schema.Boolean),
  supported: Schema.NullOr(UnixSeconds),
  targetUser: key("target_user", User)
})

/**
 * The decoded body of a successful {@link supportUser} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Supporters.Supported)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Supported = Schema.Struct({ addedCount: key("added_count", Schema.Number) })

/**
 * The decoded body of a successful {@link unsupportUser} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Supporters.Unsupported)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Unsupported = Schema.Struct({ removedCount: key("removed_count", Schema.Number) })

/**
 * The decoded body of a successful {@link supportingList} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Supporters.SupportingPage)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const SupportingPage = Schema.Struct({ total: Schema.Number, supporting: Schema.Array(Supporter) })

/**
 * The decoded body of a successful {@link supporterList} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Supporters.SupporterPage)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const SupporterPage = Schema.Struct({ total: Schema.Number, supporters: Schema.Array(Supporter) })

const TargetUserIds = Schema.Struct({
  targetUserIds: key(
    "target_user_ids",
    Schema.Array(Id).pipe(Schema.filter((ids) => ids.length >= 1 && ids.length <= 20, {
      message: () => "must name 1 to 20 users"
    }))
  )
})

/**
 * The declarations of the Supporters endpoints.
 *
 * **Details**
 *
 * The supporter lists count in a rate-limit window of their own (30 calls
 * per 30 s), the `"supporters"` bucket.
 *
 * @example
 * ```ts
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const paths = Object.values(Supporters.group.endpoints).map((endpoint) => endpoint.path)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const group = HttpApiGroup.make("Supporters")
  .add(
    HttpApiEndpoint.get("getSupportingStatus", "/users/:user_id/supporting_status")
      .setPath(UserRef)
      .setUrlParams(Schema.Struct({ targetUserId: key("target_user_id", Id) }))
      .addSuccess(SupportingStatus)
      .annotateContext(meta({ access: "any", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.put("supportUser", "/support")
      .setPayload(TargetUserIds)
      .addSuccess(Supported)
      .annotateContext(meta({ access: "user", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.put("unsupportUser", "/unsupport")
      .setPayload(TargetUserIds)
      .addSuccess(Unsupported)
      .annotateContext(meta({ access: "user", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.get("supportingList", "/users/:user_id/supporting")
      .setPath(UserRef)
      .setUrlParams(Schema.Struct({ offset: Schema.optional(QueryInt(0)), limit: Schema.optional(QueryInt(1, 20)) }))
      .addSuccess(SupportingPage)
      .annotateContext(meta({ access: "any", idempotent: true, bucket: "supporters" }))
  )
  .add(
    HttpApiEndpoint.get("supporterList", "/users/:user_id/supporters")
      .setPath(UserRef)
      .setUrlParams(Schema.Struct({
        offset: Schema.optional(QueryInt(0)),
        limit: Schema.optional(QueryInt(1, 20)),
        sort: withDefault(oneOf("new", "ranking"), "ranking")
      }))
      .addSuccess(SupporterPage)
      .annotateContext(meta({ access: "any", idempotent: true, bucket: "supporters" }))
  )

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
export const getSupportingStatus: Call<Of<typeof group, "getSupportingStatus">> = call(group, "getSupportingStatus")

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
export const supportUser: Call<Of<typeof group, "supportUser">> = call(group, "supportUser")

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
export const unsupportUser: Call<Of<typeof group, "unsupportUser">> = call(group, "unsupportUser")

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
export const supportingList: Call<Of<typeof group, "supportingList">> = call(group, "supportingList")

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
export const supporterList: Call<Of<typeof group, "supporterList">> = call(group, "supporterList")

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
 * const topTen = Supporters.allSupporters({ screenId: "twitcasting_jp", sort: "ranking" }).pipe(
 *   Stream.take(10),
 *   Stream.runCollect
 * )
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const allSupporters = (
  options: typeof UserRef.Type & {
    readonly sort?: "new" | "ranking" | undefined
    readonly pageSize?: number | undefined
  }
): Stream.Stream<Models.Supporter, CallError, HttpClient.HttpClient | Auth> => {
  const { pageSize = 20, sort, ...user } = options
  return byOffset(pageSize, (offset) =>
    Effect.map(
      supporterList({ ...user, offset, limit: pageSize, ...(sort === undefined ? {} : { sort }) }),
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
  options: typeof UserRef.Type & { readonly pageSize?: number | undefined }
): Stream.Stream<Models.Supporter, CallError, HttpClient.HttpClient | Auth> => {
  const { pageSize = 20, ...user } = options
  return byOffset(pageSize, (offset) =>
    Effect.map(
      supportingList({ ...user, offset, limit: pageSize }),
      (page) => ({ items: page.supporting, total: page.total })
    )).pipe(Stream.withSpan("Supporters.allSupporting"))
}
