/**
 * Users: profile lookup, the token's own identity, and live thumbnails.
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
import * as Api from "./Api.js"
import type { Call } from "./Endpoint.js"
import { call } from "./internal/client.js"

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
export const getUserInfo: Call<typeof Api.getUserInfo> = call(Api.getUserInfo)

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
export const verifyCredentials: Call<typeof Api.verifyCredentials> = call(Api.verifyCredentials)

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
export const getLiveThumbnailImage: Call<typeof Api.getLiveThumbnailImage> = call(Api.getLiveThumbnailImage)
