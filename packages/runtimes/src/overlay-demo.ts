/**
 * `pnpm --filter @effect-twitcasting/runtimes overlay`: the overlay served
 * against a simulator whose viewers chat every few seconds, until Ctrl-C.
 * It prints the overlay's address, for a browser or an OBS browser source
 * (width 520, height 640).
 *
 * @since 0.1.0
 */
import { Simulator } from "@effect-twitcasting/simulator"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { overlayPages, overlayUrl } from "./overlay.js"
import { servePages } from "./pages.js"

const program = Effect.gen(function*() {
  const simulator = yield* Simulator.Simulator
  const pages = yield* servePages(yield* overlayPages)
  yield* Console.log(`simulator: ${simulator.baseUrl}`)
  yield* Console.log(`overlay:   ${overlayUrl(pages, simulator)}`)
  yield* Console.log("viewers comment every 3 seconds; Ctrl-C stops")
  return yield* Effect.never
})

program.pipe(
  Effect.scoped,
  Effect.provide(Simulator.layer({ chatter: "3 seconds" })),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain
)
