/**
 * Broadcasting: the token user's ingest URLs.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Broadcasting } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const rtmp = yield* Broadcasting.getRtmpUrl()
 *   if (rtmp.enabled) yield* Effect.log(`stream to ${rtmp.url}`)
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#broadcasting
 * @since 0.1.0
 */
import * as Api from "./Api.js"
import type { Call } from "./Endpoint.js"
import { call } from "./internal/client.js"

/**
 * The RTMP URL and stream key of the token user (`null` when RTMP is not
 * enabled). Needs a user token.
 *
 * **Gotchas**
 *
 * The stream key is a secret of the broadcaster: do not log it.
 *
 * @example
 * ```ts
 * import { Broadcasting } from "@effect-twitcasting/sdk"
 *
 * const rtmp = Broadcasting.getRtmpUrl()
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-rtmp-url
 * @category calls
 * @since 0.1.0
 */
export const getRtmpUrl: Call<typeof Api.getRtmpUrl> = call(Api.getRtmpUrl)

/**
 * The WebM (WebSocket) ingest URL of the token user. Needs a user token.
 *
 * @example
 * ```ts
 * import { Broadcasting } from "@effect-twitcasting/sdk"
 *
 * const webm = Broadcasting.getWebmUrl()
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-webm-url
 * @category calls
 * @since 0.1.0
 */
export const getWebmUrl: Call<typeof Api.getWebmUrl> = call(Api.getWebmUrl)
