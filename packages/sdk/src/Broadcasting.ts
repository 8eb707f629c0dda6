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
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Schema from "effect/Schema"
import { type Call, meta, type Of } from "./Endpoint.js"
import { call } from "./internal/client.js"
import { key } from "./internal/wire.js"

/**
 * The decoded body of a successful {@link getRtmpUrl} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Broadcasting } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Broadcasting.RtmpUrl)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const RtmpUrl = Schema.Struct({
  enabled: Schema.Boolean,
  url: Schema.NullOr(Schema.String),
  streamKey: key("stream_key", Schema.NullOr(Schema.String))
})

/**
 * The decoded body of a successful {@link getWebmUrl} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Broadcasting } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Broadcasting.WebmUrl)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const WebmUrl = Schema.Struct({ enabled: Schema.Boolean, url: Schema.NullOr(Schema.String) })

/**
 * The declarations of the Broadcasting endpoints.
 *
 * @example
 * ```ts
 * import { Broadcasting } from "@effect-twitcasting/sdk"
 *
 * const paths = Object.values(Broadcasting.group.endpoints).map((endpoint) => endpoint.path)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const group = HttpApiGroup.make("Broadcasting")
  .add(
    HttpApiEndpoint.get("getRtmpUrl", "/rtmp_url")
      .addSuccess(RtmpUrl)
      .annotateContext(meta({ access: "user", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.get("getWebmUrl", "/webm_url")
      .addSuccess(WebmUrl)
      // removed from the API on 2025-06-11
      .annotateContext(
        meta({ access: "user", idempotent: true, notFound: "the API no longer has this endpoint (removed 2025-06-11)" })
      )
      .annotate(OpenApi.Deprecated, true)
  )

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
export const getRtmpUrl: Call<Of<typeof group, "getRtmpUrl">> = call(group, "getRtmpUrl")

/**
 * The WebM (WebSocket) ingest URL of the token user. Needs a user token.
 *
 * **Gotchas**
 *
 * TwitCasting removed `GET /webm_url` on 2025-06-11: the API answers it
 * with a 404, which this call fails with as a `NotFoundError`. It is kept
 * for parity with twitcaspy and for code that still calls it; use
 * {@link getRtmpUrl}.
 *
 * @deprecated Removed from the API on 2025-06-11; fails with `NotFoundError`.
 * Use {@link getRtmpUrl}.
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
export const getWebmUrl: Call<Of<typeof group, "getWebmUrl">> = call(group, "getWebmUrl")
