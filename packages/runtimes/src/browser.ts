/**
 * The chromium check: the SDK bundled for the browser, in headless
 * Chromium, against the simulator on another origin (CORS). The test page
 * (`page.ts`) signs in with the implicit grant and reads a comment with
 * `Comments.tail`; the overlay shows a comment and a gift, from its own
 * tails and from the relay.
 *
 * @since 0.1.0
 */
import { Seed, Simulator } from "@effect-twitcasting/simulator"
import * as Command from "@effect/platform/Command"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { createServer } from "node:http"
import { fileURLToPath } from "node:url"
import type { Page } from "playwright-core"
import { bundle } from "./bundle.js"
import { BrowserError, launch, step } from "./chromium.js"
import { overlayPages, overlayUrl } from "./overlay.js"
import { servePages } from "./pages.js"

const pageEntry = fileURLToPath(new URL("page.ts", import.meta.url))
const examples = fileURLToPath(new URL("../../../examples/", import.meta.url))

const shell =
  `<!doctype html><html><head><meta charset="utf-8"></head><body><script src="page.js" defer></script></body></html>`

/** The live the default world's official account is on, and who comments there. */
const liveMovieId = "189037369"

/** What the test page reports when it is done. */
const Done = Schema.parseJson(Schema.Struct({
  user: Schema.String,
  movie: Schema.String,
  comment: Schema.NullOr(Schema.Struct({ from: Schema.String, message: Schema.String }))
}))

/** Keeps the world talking while `effect` waits: a comment and a gift every 300 ms. */
const chatter = (simulator: Simulator.Simulator["Type"], message: string) =>
  Effect.all([
    simulator.postComment(liveMovieId, "emily_plays", message),
    simulator.sendGift({ from: "yuki_sings", to: "twitcasting_jp", item: "cake", message: "おめでとう" })
  ]).pipe(Effect.repeat(Schedule.spaced("300 millis")), Effect.orDie, Effect.forkScoped)

/** Waits for `<body data-step>` to reach `step` (or `failed`); what the page reported. */
const reached = (page: Page, wanted: string) =>
  Effect.gen(function*() {
    yield* step(`wait for ${wanted}`, () =>
      page.waitForSelector(`body[data-step="${wanted}"], body[data-step="failed"]`, { timeout: 30_000 }))
    const state = yield* step("read the result", () =>
      page.evaluate(() => ({
        step: document.body.dataset["step"] ?? "",
        result: document.getElementById("result")?.textContent ?? ""
      })))
    return state.step === wanted
      ? state.result
      : yield* new BrowserError({ step: wanted, message: `the page failed: ${state.result}` })
  })

const sdkPage = (pages: string, simulator: Simulator.Simulator["Type"]) =>
  Effect.gen(function*() {
    const browser = yield* launch
    const page = yield* step("open a page", () => browser.newPage())
    const query = new URLSearchParams({ api: simulator.baseUrl, client: Seed.demoClientId })
    yield* step("sign in", () => page.goto(`${pages}/index.html?${query.toString()}`))
    yield* reached(page, "tailing")
    yield* chatter(simulator, "hello from the runner")
    const done = yield* Schema.decode(Done)(yield* reached(page, "done"))
    if (done.user !== "twitcasting_jp" || done.comment?.message !== "hello from the runner") {
      return yield* new BrowserError({ step: "done", message: `unexpected result ${JSON.stringify(done)}` })
    }
    yield* Console.log(`  chromium page: signed in as ${done.user}, tailed "${done.comment.message}" on ${done.movie}`)
  }).pipe(Effect.scoped)

const overlay = (pages: string, simulator: Simulator.Simulator["Type"]) =>
  Effect.gen(function*() {
    const browser = yield* launch
    const page = yield* step("open the overlay", () => browser.newPage())
    yield* step("load the overlay", () => page.goto(overlayUrl(pages, simulator)))
    yield* chatter(simulator, "overlay test comment")
    yield* step("a comment shows", () =>
      page.waitForSelector(".item.comment:has-text(\"overlay test comment\")", { timeout: 30_000 }))
    yield* step("a gift shows", () =>
      page.waitForSelector(".item.gift:has-text(\"おめでとう\")", { timeout: 30_000 }))
    yield* Console.log("  chromium overlay: a comment and a gift shown")
  }).pipe(Effect.scoped)

/** A port that was free a moment ago, for the relay. */
const freePort = Effect.async<number>((resume) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const address = server.address()
    server.close(() => resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0)))
  })
})

/** The overlay fed by the relay (`examples/overlay/relay.ts`, in a child process) instead of its own tails. */
const relayed = (pages: string, simulator: Simulator.Simulator["Type"]) =>
  Effect.gen(function*() {
    const port = yield* freePort
    const relay = yield* Command.start(
      Command.make(process.execPath, "--import", "tsx", "overlay/relay.ts").pipe(
        Command.workingDirectory(examples),
        Command.env({
          TWITCASTING_ACCESS_TOKEN: Seed.demoToken("twitcasting_jp"),
          TWITCASTING_BASE_URL: simulator.baseUrl,
          OVERLAY_RELAY_PORT: String(port)
        })
      )
    )
    const events = `http://127.0.0.1:${port}/events`
    // up once it answers at all (a 404 off its one route)
    yield* step("the relay listens", () => fetch(`http://127.0.0.1:${port}/`)).pipe(
      Effect.retry(Schedule.spaced("200 millis").pipe(Schedule.upTo("30 seconds"))),
      Effect.onError(() => Effect.ignore(relay.kill()))
    )
    const browser = yield* launch
    const page = yield* step("open the overlay", () => browser.newPage())
    yield* step("load the overlay", () => page.goto(`${pages}/overlay/index.html?relay=${encodeURIComponent(events)}`))
    yield* chatter(simulator, "relayed comment")
    yield* step("a relayed comment shows", () =>
      page.waitForSelector(".item.comment:has-text(\"relayed comment\")", { timeout: 30_000 }))
    yield* step("a relayed gift shows", () =>
      page.waitForSelector(".item.gift", { timeout: 30_000 }))
    yield* Console.log("  chromium overlay through the relay (server-sent events): a comment and a gift shown")
  }).pipe(Effect.scoped)

/**
 * The check, as `run.ts` runs it.
 *
 * @example
 * ```ts
 * import { NodeContext } from "@effect/platform-node"
 * import { Effect } from "effect"
 * import { browser } from "./browser.js"
 *
 * const check = browser.pipe(Effect.provide(NodeContext.layer))
 * ```
 *
 * @category checks
 * @since 0.1.0
 */
export const browser = Effect.gen(function*() {
  const script = yield* bundle(pageEntry, { minify: false })
  const pages = yield* servePages({
    "/index.html": { type: "text/html", body: shell },
    "/callback.html": { type: "text/html", body: shell },
    "/page.js": { type: "text/javascript", body: script },
    ...(yield* overlayPages)
  })
  // the implicit grant comes back to the test page
  const seed = Seed.defaultSeed(new Date())
  const apps = seed.apps.map((app) => ({ ...app, callbackUrl: `${pages}/callback.html` }))
  yield* Effect.flatMap(
    Simulator.Simulator,
    (simulator) =>
      Effect.all([sdkPage(pages, simulator), overlay(pages, simulator), relayed(pages, simulator)], { discard: true })
  ).pipe(
    Effect.provide(Simulator.layer({ seed: { ...seed, apps }, rateLimit: { limit: 100_000 } }))
  )
}).pipe(Effect.scoped)
