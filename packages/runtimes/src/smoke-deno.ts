/**
 * The smoke program on Deno: the receiver as a fetch handler
 * (`HttpApp.toWebHandler`) on `Deno.serve`, the socket through the global
 * `WebSocket` (`Socket.layerWebSocketConstructorGlobal`).
 *
 * @since 0.1.0
 */
import { FetchHttpClient, HttpApp, Socket } from "@effect/platform"
import { Cause, Effect, Exit, Layer } from "effect"
import { type Serve, smoke } from "./smoke.js"

/** The part of Deno's global that this program uses (Deno's own types are not installed here). */
declare const Deno: {
  serve(
    options: { readonly port: number; readonly hostname: string; readonly onListen?: () => void },
    handler: (request: Request) => Promise<Response>
  ): { readonly addr: { readonly port: number }; shutdown(): Promise<void> }
  exit(code: number): never
}

const serve: Serve = (app) =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, HttpApp.toWebHandler(app))),
      (server) => Effect.promise(() => server.shutdown())
    ),
    (server) => `http://127.0.0.1:${server.addr.port}`
  )

smoke("deno", serve).pipe(
  Effect.provide(Layer.merge(FetchHttpClient.layer, Socket.layerWebSocketConstructorGlobal)),
  Effect.runPromiseExit
).then((exit) => {
  if (Exit.isFailure(exit)) console.error(Cause.pretty(exit.cause))
  Deno.exit(Exit.isSuccess(exit) ? 0 : 1)
})
