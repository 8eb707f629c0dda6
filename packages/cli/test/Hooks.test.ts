/**
 * `webhooks list|add|remove` with the app's credentials, and `webhooks
 * listen` receiving the simulator's signed deliveries on a real port.
 */
import { Seed, Simulator } from "@effect-twitcasting/simulator"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { cli, configDir, Env, jsonLines, waitFor } from "./harness.js"

const run = (...args: ReadonlyArray<string>) => Effect.flatMap(configDir, (dir) => cli(args, dir))

describe("webhooks", () => {
  it.scoped("add, list, remove", () =>
    Effect.gen(function*() {
      const added = yield* run("webhooks", "add", "casma_jp")
      expect(added).toMatchObject({ code: 0, out: ["webhooks for user 2880417757: livestart, liveend"] })
      const listed = jsonLines(yield* run("--json", "webhooks", "list"))
      expect(listed).toEqual(
        expect.arrayContaining([{ user_id: "2880417757", event: "livestart" }, {
          user_id: "2880417757",
          event: "liveend"
        }])
      )
      const removed = yield* run("webhooks", "remove", "casma_jp", "--event", "liveend")
      expect(removed.out).toEqual(["removed webhooks for user 2880417757: liveend"])
      const left = yield* run("webhooks", "list", "--user", "2880417757")
      expect(left.out.slice(1)).toEqual([expect.stringMatching(/^2880417757\s+livestart$/)])
    }).pipe(Effect.provide(Env)))

  it.scoped("the registry needs app credentials", () =>
    Effect.gen(function*() {
      const dir = yield* configDir
      const refused = yield* cli(["webhooks", "list"], dir, { env: { TWITCASTING_CLIENT_SECRET: undefined } })
      expect(refused.code).toBe(2)
      expect(refused.err).toEqual([
        "twitcasting: this needs app credentials: set TWITCASTING_CLIENT_ID and TWITCASTING_CLIENT_SECRET"
      ])
    }).pipe(Effect.provide(Env)))

  it.live("listen prints each verified notification, and nothing for a forged one", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const dir = yield* configDir
      const lines = { out: new Array<string>(), err: new Array<string>() }
      const listening = yield* Effect.fork(
        cli(["webhooks", "listen", "--port", "0", "--path", "/hook"], dir, { lines })
      )
      const url = yield* waitFor(lines.err, (line) => line.match(/listening for webhooks on (\S+)/)?.[1])
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hook$/)
      const forged = yield* Effect.promise(() =>
        fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{\"signature\":\"x\"}" })
      )
      expect(forged.status).toBe(401)
      yield* simulator.setWebhookUrl(Seed.demoClientId, url)
      expect((yield* run("webhooks", "add", "casma_jp")).code).toBe(0)
      const { movie } = yield* simulator.startLive("casma_jp", { title: "webhook test" })
      yield* waitFor(lines.out, (line) => (line.startsWith("livestart") ? line : undefined))
      yield* simulator.endLive("casma_jp")
      yield* waitFor(lines.out, (line) => (line.startsWith("liveend") ? line : undefined))
      yield* Fiber.interrupt(listening)
      expect(lines.out).toEqual([
        `livestart  @casma_jp  ${movie.id}  webhook test`,
        `liveend    @casma_jp  ${movie.id}  webhook test`
      ])
    }).pipe(Effect.scoped, Effect.provide(Env)))
})
