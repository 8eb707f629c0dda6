/**
 * The smoke program on Bun: the receiver on `Bun.serve` through
 * `@effect/platform-bun`, the socket through Bun's own `WebSocket`.
 *
 * @since 0.1.0
 */
import { FetchHttpClient } from "@effect/platform"
import { BunHttpServer, BunRuntime, BunSocket } from "@effect/platform-bun"
import { Effect, Layer } from "effect"
import { type Serve, smoke } from "./smoke.js"

const serve: Serve = (app) =>
  Effect.gen(function*() {
    const server = yield* BunHttpServer.make({ port: 0, hostname: "127.0.0.1" })
    yield* server.serve(app)
    return server.address._tag === "TcpAddress" ? `http://127.0.0.1:${server.address.port}` : ""
  })

smoke("bun", serve).pipe(
  Effect.provide(Layer.merge(FetchHttpClient.layer, BunSocket.layerWebSocketConstructor)),
  BunRuntime.runMain
)
