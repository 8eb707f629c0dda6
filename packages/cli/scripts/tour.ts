/**
 * `pnpm cli:demo`: the scripted tour of the `twitcasting` command against a
 * simulator started in-process on a free port. It logs in first (the
 * simulator approves at once, a stand-in browser follows the redirect to
 * the command's callback server), with a token store in a temporary
 * directory, then runs `Tour.steps`; it exits 0 when every step ended with
 * the exit code it should.
 */
import { Seed, Simulator } from "@effect-twitcasting/simulator"
import { FileSystem } from "@effect/platform"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { ConfigProvider, Effect, Layer } from "effect"
import * as Browser from "../src/Browser.js"
import * as Cli from "../src/Cli.js"
import * as Tour from "../src/Tour.js"

/** The user at the browser: the simulator approves at once; follow its redirect to the callback. */
const approving = Layer.succeed(Browser.Browser, {
  open: (url) =>
    Effect.tryPromise(async () => {
      const approved = await fetch(url, { redirect: "manual" })
      const callback = await fetch(approved.headers.get("location") ?? "")
      return callback.ok
    }).pipe(Effect.orElseSucceed(() => false))
})

const tour = Effect.gen(function*() {
  const port = yield* Tour.freePort
  const callback = `http://127.0.0.1:${port}/callback`
  const seed = Seed.defaultSeed(new Date())
  const world = { ...seed, apps: seed.apps.map((app) => ({ ...app, callbackUrl: callback })) }
  const fs = yield* FileSystem.FileSystem
  const configDir = yield* fs.makeTempDirectoryScoped()
  yield* Effect.gen(function*() {
    const { baseUrl } = yield* Simulator.Simulator
    const env = {
      TWITCASTING_BASE_URL: baseUrl,
      TWITCASTING_CLIENT_ID: Seed.demoClientId,
      TWITCASTING_CLIENT_SECRET: Seed.demoClientSecret,
      TWITCASTING_WEBHOOK_SIGNATURE: Seed.demoWebhookSignature,
      TWITCASTING_CONFIG_DIR: configDir
    }
    const layer = Layer.merge(Cli.layer, approving)
    const ok = yield* Effect.gen(function*() {
      const login = yield* Tour.run([{ args: ["login", "--redirect-uri", callback] }], { env })
      return login && (yield* Tour.run(Tour.steps, { env }))
    }).pipe(Effect.provide(layer), Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
    if (!ok) return yield* Effect.fail("a step of the tour did not end as it should")
  }).pipe(Effect.provide(Simulator.layer({ seed: world })))
}).pipe(Effect.scoped, Effect.provide(NodeContext.layer))

tour.pipe(NodeRuntime.runMain)
