/**
 * The overlay's relay, for when the API does not answer a browser: the
 * SDK's tails run here, on a server holding the token, and every overlay
 * that connects gets the comments and gifts as server-sent events from
 * `GET /events`. The token never reaches the page.
 *
 * ```sh
 * TWITCASTING_ACCESS_TOKEN=... npx tsx overlay/relay.ts   # then ?relay=http://127.0.0.1:8790/events
 * ```
 *
 * Settings: `TWITCASTING_ACCESS_TOKEN` (and the SDK's other variables),
 * `OVERLAY_MOVIE_ID` (the token user's current live by default),
 * `OVERLAY_RELAY_PORT` (8790).
 *
 * @since 0.1.0
 */
import { Auth } from "@effect-twitcasting/sdk"
import { NodeHttpClient, NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as PubSub from "effect/PubSub"
import * as Stream from "effect/Stream"
import { createServer } from "node:http"
import { direct, encodeItem } from "./feed.js"

const RelayConfig = Config.all({
  movieId: Config.option(Config.string("OVERLAY_MOVIE_ID")),
  port: Config.port("OVERLAY_RELAY_PORT").pipe(Config.withDefault(8790))
})

/** Every overlay connected gets what arrives from now on; one that falls 64 items behind loses the oldest. */
const Relay = Effect.gen(function*() {
  const { movieId } = yield* RelayConfig
  const hub = yield* PubSub.sliding<string>(64)
  yield* direct({ movieId: movieId._tag === "Some" ? movieId.value : undefined }).pipe(
    Stream.mapEffect(encodeItem),
    Stream.runForEach((data) => PubSub.publish(hub, data)),
    Effect.tapErrorCause(Effect.logError),
    Effect.forkScoped
  )
  const events = Stream.fromPubSub(hub).pipe(
    Stream.map((data) => `data: ${data}\n\n`),
    Stream.encodeText
  )
  return HttpRouter.empty.pipe(
    HttpRouter.get(
      "/events",
      Effect.succeed(HttpServerResponse.stream(events, {
        contentType: "text/event-stream",
        headers: { "cache-control": "no-cache" }
      }))
    ),
    HttpServer.serve(HttpMiddleware.cors())
  )
}).pipe(Layer.unwrapScoped)

const Server = Layer.unwrapEffect(Effect.map(RelayConfig, ({ port }) => NodeHttpServer.layer(createServer, { port })))

Relay.pipe(
  Layer.provide(Server),
  Layer.provide(Layer.merge(Auth.layerConfig(), NodeHttpClient.layerUndici)),
  Layer.launch,
  NodeRuntime.runMain
)
