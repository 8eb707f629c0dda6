/**
 * `pnpm --filter @effect-twitcasting/runtimes screenshot`: the overlay in
 * headless Chromium against the simulator, over a backdrop standing in for
 * the stream, while viewers comment and send gifts; written to
 * `docs/overlay.png` for the README.
 *
 * @since 0.1.0
 */
import { Simulator } from "@effect-twitcasting/simulator"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import { fileURLToPath } from "node:url"
import { launch, step } from "./chromium.js"
import { overlayPages, overlayUrl } from "./overlay.js"
import { servePages } from "./pages.js"

const target = fileURLToPath(new URL("../../../docs/overlay.png", import.meta.url))

/** The live of the default world's official account. */
const liveMovieId = "189037369"

/** What the viewers do, in order: a comment (user, message) or a gift (user, item, message). */
const script: ReadonlyArray<
  readonly ["comment", string, string] | readonly ["gift", string, string, string]
> = [
  ["comment", "casma_jp", "こんばんは！今日も来ました"],
  ["comment", "emily_plays", "Hi from Canada! 🇨🇦"],
  ["gift", "yuki_sings", "star", "いつも楽しい配信ありがとう"],
  ["comment", "ken_speedruns", "That last run was so close"],
  ["comment", "hanako_cooks", "おつまみの話もっと聞きたい"],
  ["gift", "emily_plays", "cake", "Happy streaming anniversary!"]
]

const program = Effect.gen(function*() {
  const simulator = yield* Simulator.Simulator
  const pages = yield* servePages(yield* overlayPages)
  const browser = yield* launch
  const page = yield* step("open the overlay", () => browser.newPage({ viewport: { width: 520, height: 640 } }))
  yield* step("load the overlay", () => page.goto(overlayUrl(pages, simulator)))
  // the stream behind the overlay, as OBS composes it
  yield* step("backdrop", () =>
    page.addStyleTag({
      content: "html { background: radial-gradient(circle at 70% 20%, #3d5a99, #1b1f3a 55%, #120d1f); }"
    }))
  // the overlay has looked up the live and both tails have read their first page
  yield* simulator.stats.pipe(
    Effect.filterOrFail((stats) => stats.requests >= 4),
    Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo("30 seconds")))
  )
  for (const line of script) {
    if (line[0] === "comment") yield* simulator.postComment(liveMovieId, line[1], line[2])
    else yield* simulator.sendGift({ from: line[1], to: "twitcasting_jp", item: line[2], message: line[3] })
    // one at a time, so that they show in this order
    const shown = script.indexOf(line) + 1
    yield* step(
      "shown",
      () =>
        page.waitForFunction((count) => document.querySelectorAll(".item").length >= count, shown, { timeout: 30_000 })
    )
  }
  // the entry animation ends
  yield* step("settle", () => page.waitForTimeout(600))
  yield* step("screenshot", () => page.screenshot({ path: target }))
  yield* Console.log(`wrote ${target}`)
})

program.pipe(
  Effect.scoped,
  Effect.provide(Simulator.layer()),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain
)
