/**
 * Over real sockets: `twitcasting simulator` serving the API that other
 * commands then use, and `lives --follow` on the simulator's realtime
 * socket.
 */
import { Simulator } from "@effect-twitcasting/simulator"
import { FetchHttpClient } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Schedule } from "effect"
import { cli, configDir, hasLine, waitFor } from "./harness.js"

const Real = Layer.mergeAll(Simulator.layer(), FetchHttpClient.layer, NodeContext.layer)

describe("over sockets", () => {
  it.live("twitcasting simulator serves the API on the port it prints", () =>
    Effect.gen(function*() {
      const dir = yield* configDir
      const lines = { out: new Array<string>(), err: new Array<string>() }
      const serving = yield* Effect.fork(cli(["simulator", "--port", "0", "--chatter", "0"], dir, { lines }))
      const url = yield* waitFor(lines.out, (line) => line.match(/^TwitCasting API simulator on (\S+)$/)?.[1])
      const token = yield* waitFor(lines.out, (line) => line.match(/TWITCASTING_ACCESS_TOKEN=(\S+)/)?.[1])
      const me = yield* cli(["whoami"], dir, { env: { TWITCASTING_BASE_URL: url, TWITCASTING_ACCESS_TOKEN: token } })
      expect(me.code).toBe(0)
      expect(hasLine(me.out, "screen id", "@twitcasting_jp")).toBe(true)
      yield* Fiber.interrupt(serving)
    }).pipe(Effect.scoped, Effect.provide(Real)))

  it.live("lives --follow prints each live as it starts (app credentials, realtime socket)", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const dir = yield* configDir
      const lines = { out: new Array<string>(), err: new Array<string>() }
      const following = yield* Effect.fork(cli(["lives", "--follow"], dir, { lines }))
      yield* simulator.stats.pipe(
        Effect.filterOrFail((stats) => stats.realtimeConnections > 0),
        Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.upTo("10 seconds")))
      )
      const { movie } = yield* simulator.startLive("ken_speedruns", { title: "Any% practice" })
      const line = yield* waitFor(lines.out, (line) => (line.includes("@ken_speedruns") ? line : undefined))
      expect(line).toBe(`@ken_speedruns  ${movie.id}  Any% practice`)
      expect(lines.err).toEqual(["following the lives that start (Ctrl-C to stop)"])
      yield* Fiber.interrupt(following)
    }).pipe(Effect.scoped, Effect.provide(Real)))
})
