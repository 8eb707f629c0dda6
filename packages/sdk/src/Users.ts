/**
 * Users: profile lookup, the token's own identity, scheduled lives and live
 * thumbnails.
 *
 * Every call is an `Effect` that needs `HttpClient` and `Auth`, fails with a
 * typed `Errors.CallError`, and succeeds with the decoded body plus the
 * `rateLimit` of its response.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const { user, supporterCount } = yield* Users.getUserInfo({ screenId: "twitcasting_jp" })
 *   yield* Effect.log(`${user.name} has ${supporterCount} supporters`)
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#users
 * @since 0.1.0
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as Schema from "effect/Schema"
import { type Call, meta, type Of } from "./Endpoint.js"
import { call } from "./internal/client.js"
import { UserRef } from "./internal/inputs.js"
import { key, oneOf, optionalKey, QueryInt } from "./internal/wire.js"
import { App, LiveSchedule, User } from "./Models.js"

/**
 * The decoded body of a successful {@link getUserInfo} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Users.UserInfo)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const UserInfo = Schema.Struct({
  user: User,
  supporterCount: key("supporter_count", Schema.Number),
  supportingCount: key("supporting_count", Schema.Number)
})

/**
 * The decoded body of a successful {@link getUpcomingLiveSchedules} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Users.LiveSchedules)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const LiveSchedules = Schema.Struct({
  liveSchedules: key("live_schedules", Schema.Array(LiveSchedule))
})

/**
 * The decoded body of a successful {@link verifyCredentials} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Users.Credentials)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Credentials = Schema.Struct({ app: App, ...UserInfo.fields })

/**
 * The live thumbnail: image bytes and their content type.
 *
 * @example
 * ```ts
 * import type { Users } from "@effect-twitcasting/sdk"
 *
 * const size = (image: Users.Image) => image.bytes.length
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export interface Image {
  readonly contentType: string
  readonly bytes: Uint8Array
}

/**
 * The declarations of the Users endpoints.
 *
 * **Details**
 *
 * The thumbnail answers a redirect (302) to the image, on another host; the
 * call follows it and reads the image (200), so both are declared.
 *
 * @example
 * ```ts
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const paths = Object.values(Users.group.endpoints).map((endpoint) => endpoint.path)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const group = HttpApiGroup.make("Users")
  .add(
    HttpApiEndpoint.get("getUserInfo", "/users/:user_id")
      .setPath(UserRef)
      .addSuccess(UserInfo)
      .annotateContext(meta({ access: "any", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.get("verifyCredentials", "/verify_credentials")
      .addSuccess(Credentials)
      .annotateContext(meta({ access: "user", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.get("getUpcomingLiveSchedules", "/users/:user_id/upcoming_live_schedules")
      .setPath(UserRef)
      .setUrlParams(Schema.Struct({ inDays: optionalKey("in_days", QueryInt(1)) }))
      .addSuccess(LiveSchedules)
      .annotateContext(meta({ access: "any", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.get("getLiveThumbnailImage", "/users/:user_id/live/thumbnail")
      .setPath(UserRef)
      .setUrlParams(Schema.Struct({
        size: Schema.optional(oneOf("large", "small")),
        position: Schema.optional(oneOf("beginning", "latest"))
      }))
      .addSuccess(HttpApiSchema.Empty(302).annotations({ description: "a redirect to the image" }))
      .addSuccess(HttpApiSchema.Uint8Array({ contentType: "image/jpeg" }))
      .annotateContext(meta({ access: "none", idempotent: true }))
  )

/**
 * Looks up a user by `id` or `screenId`, with their supporter and
 * supporting counts.
 *
 * **Gotchas**
 *
 * The counts inside `user` are deprecated and always 0; use the result's
 * `supporterCount` and `supportingCount`.
 *
 * @example
 * ```ts
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const info = Users.getUserInfo({ id: "182224938" })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-user-info
 * @category calls
 * @since 0.1.0
 */
export const getUserInfo: Call<Of<typeof group, "getUserInfo">> = call(group, "getUserInfo")

/**
 * The application and user an access token belongs to.
 *
 * **When to use**
 *
 * To check a token after the OAuth flow, or to learn whose token it is.
 * Needs a user access token.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const me = Effect.map(Users.verifyCredentials(), ({ app, user }) => `${user.screenId} via ${app.name}`)
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#verify-credentials
 * @category calls
 * @since 0.1.0
 */
export const verifyCredentials: Call<Of<typeof group, "verifyCredentials">> = call(group, "verifyCredentials")

/**
 * The lives a user has scheduled, the nearest first.
 *
 * **Details**
 *
 * `inDays` limits them to the next so many days (a whole number of at least
 * 1; the API answers a `ValidationError` for what it does not accept).
 * Works with a user token or app credentials. The endpoint was added to the
 * API on 2025-12-25; twitcaspy does not have it.
 *
 * @example
 * ```ts
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const thisWeek = Users.getUpcomingLiveSchedules({ screenId: "twitcasting_jp", inDays: 7 })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-upcoming-live-schedules
 * @category calls
 * @since 0.2.0
 */
export const getUpcomingLiveSchedules: Call<Of<typeof group, "getUpcomingLiveSchedules">> = call(
  group,
  "getUpcomingLiveSchedules"
)

/**
 * The live thumbnail of a user (an offline image when they are not live):
 * the image bytes and their content type.
 *
 * **Details**
 *
 * The API answers with a redirect to the image, which is followed. No
 * credentials are sent. `size` is `"small"` (default) or `"large"`,
 * `position` is `"latest"` (default) or `"beginning"`.
 *
 * @example
 * ```ts
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const image = Users.getLiveThumbnailImage({ screenId: "twitcasting_jp", size: "large" })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-live-thumbnail-image
 * @category calls
 * @since 0.1.0
 */
export const getLiveThumbnailImage = call(group, "getLiveThumbnailImage", (bytes, response): Image => ({
  contentType: response.headers["content-type"] ?? "application/octet-stream",
  // a 302 not followed (too many redirects) has no image: it is empty
  bytes: bytes instanceof Uint8Array ? bytes : new Uint8Array(0)
}))
