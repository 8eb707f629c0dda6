/**
 * `Realtime.lives` against the simulator's socket: app credentials, lives
 * as they start, reconnecting after a drop, giving up on refused credentials.
 */
import { Auth, Realtime } from "@effect-twitcasting/sdk"
import { NodeSocket } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Layer, Redacted, Schedule, Stream } from "effect"
import { Seed, Simulator } from "../src/index.js"

const env = Simulator.appAuth.pipe(
  Layer.provideMerge(Simulator.layer()),
  Layer.merge(NodeSocket.layerWebSocketConstructor)
)

/** Waits until `count` realtime connections are open. */
const connections = (count: number) =>
  Effect.flatMap(Simulator.Simulator, (simulator) =>
    simulator.stats.pipe(
      Effect.flatMap((stats) => stats.realtimeConnections === count ? Effect.void : Effect.fail("not yet" as const)),
      Effect.retry(Schedule.spaced("10 millis").pipe(Schedule.upTo("3 seconds")))
    ))

describe("Realtime.lives", () => {
  it.live("pushes each live that starts, with its broadcaster and tags", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const fiber = yield* Realtime.lives({ url: simulator.realtimeUrl }).pipe(
        Stream.take(2),
        Stream.runCollect,
        Effect.fork
      )
      yield* connections(1)
      yield* simulator.startLive("casma_jp", { title: "深夜の雑談", tags: ["雑談"] })
      yield* simulator.endLive("casma_jp")
      yield* simulator.startLive("emily_plays", { title: "Cozy games" })
      const lives = Chunk.toReadonlyArray(yield* Fiber.join(fiber).pipe(Effect.timeout("5 seconds")))
      expect(lives.map((live) => [live.broadcaster.screenId, live.movie.title, live.movie.isLive])).toEqual([
        ["casma_jp", "深夜の雑談", true],
        ["emily_plays", "Cozy games", true]
      ])
      expect(lives[0]?.tags).toEqual(["雑談"])
    }).pipe(Effect.provide(env)))

  it.live("reconnects after the service closes the connection", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const fiber = yield* Realtime.lives({ url: simulator.realtimeUrl, baseDelay: "300 millis" }).pipe(
        Stream.take(1),
        Stream.runCollect,
        Effect.fork
      )
      yield* connections(1)
      expect(yield* simulator.dropRealtime).toBe(1)
      yield* connections(0)
      // a live that starts while disconnected is not replayed
      yield* simulator.startLive("emily_plays")
      yield* connections(1)
      yield* simulator.startLive("ken_speedruns")
      const lives = yield* Fiber.join(fiber).pipe(Effect.timeout("5 seconds"))
      expect(Chunk.toReadonlyArray(lives).map((live) => live.broadcaster.screenId)).toEqual(["ken_speedruns"])
    }).pipe(Effect.provide(env)))

  it.live("refused credentials end in RealtimeError after the attempts, without the secret", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const error = yield* Realtime.lives({ url: simulator.realtimeUrl, attempts: 2, baseDelay: "10 millis" }).pipe(
        Stream.runDrain,
        Effect.provide(Auth.layer({
          credentials: Auth.appCredentials({
            clientId: Seed.demoClientId,
            clientSecret: Redacted.make("wrong-secret-XYZ")
          })
        })),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "RealtimeError", reason: "open", attempts: 2 })
      expect(JSON.stringify(error) + error.message + String(error)).not.toContain("wrong-secret-XYZ")
    }).pipe(Effect.provide(env)))

  it.live("a user token is refused before connecting", () =>
    Effect.gen(function*() {
      const error = yield* Realtime.lives().pipe(Stream.runDrain, Effect.provide(Simulator.userAuth()), Effect.flip)
      expect(error).toMatchObject({ _tag: "AuthenticationError", endpoint: "Realtime.lives" })
    }).pipe(Effect.provide(env)))
})
