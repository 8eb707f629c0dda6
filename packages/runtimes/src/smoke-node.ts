/**
 * The smoke program on Node (20, 22, 24): the receiver on `node:http`
 * through `@effect/platform-node`, the socket through
 * `NodeSocket.layerWebSocketConstructor` (`ws` on Node 20, the global
 * undici `WebSocket` on 22 and later).
 *
 * @since 0.1.0
 */
import { FetchHttpClient } from "@effect/platform"
import { NodeHttpServer, NodeRuntime, NodeSocket } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { createServer } from "node:http"
import { type Serve, smoke } from "./smoke.js"

const serve: Serve = (app) =>
  Effect.gen(function*() {
    const server = yield* NodeHttpServer.make(() => createServer(), { port: 0, host: "127.0.0.1" })
    yield* server.serve(app)
    return server.address._tag === "TcpAddress" ? `http://127.0.0.1:${server.address.port}` : ""
  })

smoke(`node ${process.versions.node}`, serve).pipe(
  Effect.provide(Layer.merge(FetchHttpClient.layer, NodeSocket.layerWebSocketConstructor)),
  NodeRuntime.runMain
)
