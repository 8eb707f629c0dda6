/**
 * The runner's side of a smoke program: a simulator in this process, the
 * program in a child process (another runtime) pointed at it, and the world
 * driven from here once the program is ready: webhooks delivered to its
 * receiver, a live started, comments and gifts sent until it exits.
 *
 * @since 0.1.0
 */
import { Seed, Simulator } from "@effect-twitcasting/simulator"
import * as Command from "@effect/platform/Command"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { commentText, host, starter } from "./smoke.js"

/** The live the tails read: the host's, in the default world. */
const liveMovieId = "189037369"

/**
 * What one child run printed, and how it ended.
 *
 * @example
 * ```ts
 * import type { Outcome } from "./host.js"
 *
 * const passed = (outcome: Outcome) => outcome.exitCode === 0
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Outcome {
  readonly exitCode: number
  readonly output: ReadonlyArray<string>
}

/** Everything the program needs to find the simulator, as the SDK's variables name it. */
const environment = (simulator: Simulator.Simulator["Type"]) => ({
  TWITCASTING_BASE_URL: simulator.baseUrl,
  TWITCASTING_REALTIME_URL: simulator.realtimeUrl,
  TWITCASTING_ACCESS_TOKEN: Seed.demoToken(host),
  TWITCASTING_CLIENT_ID: Seed.demoClientId,
  TWITCASTING_CLIENT_SECRET: Seed.demoClientSecret,
  TWITCASTING_WEBHOOK_SIGNATURE: Seed.demoWebhookSignature
})

/** Once the program serves its receiver: webhooks go there, a live starts once the socket is open, chat goes on. */
const drive = (simulator: Simulator.Simulator["Type"], receiverUrl: string) =>
  Effect.gen(function*() {
    yield* simulator.setWebhookUrl(Seed.demoClientId, receiverUrl)
    yield* simulator.stats.pipe(
      Effect.filterOrFail((stats) => stats.realtimeConnections > 0),
      Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo("20 seconds")))
    )
    yield* simulator.startLive(starter.screenId, { title: "smoke test live" })
    yield* Effect.all([
      simulator.postComment(liveMovieId, "emily_plays", commentText),
      simulator.sendGift({ from: "yuki_sings", to: host, item: "star" })
    ]).pipe(Effect.repeat(Schedule.spaced("300 millis")))
  }).pipe(Effect.orDie)

/**
 * Runs `command` against a fresh simulator and drives the world for it;
 * how it exited and its output (stdout and stderr, line by line).
 *
 * @example
 * ```ts
 * import { Command } from "@effect/platform"
 * import { smokeWith } from "./host.js"
 *
 * const bun = smokeWith(Command.make("npx", "-y", "bun", "src/smoke-bun.ts"))
 * ```
 *
 * @category running
 * @since 0.1.0
 */
export const smokeWith = Effect.fn("smokeWith")(function*(command: Command.Command) {
  const simulator = yield* Simulator.Simulator
  const process = yield* Command.start(Command.env(command, environment(simulator)))
  const output: Array<string> = []
  const lines = (stream: Stream.Stream<Uint8Array, unknown>) => Stream.splitLines(Stream.decodeText(stream))
  const stdout = lines(process.stdout).pipe(
    Stream.runForEach((line) =>
      Effect.suspend(() => {
        output.push(line)
        return line.startsWith("ready ")
          ? Effect.asVoid(Effect.forkScoped(drive(simulator, line.slice(6))))
          : Effect.void
      })
    )
  )
  const stderr = lines(process.stderr).pipe(Stream.runForEach((line) => Effect.sync(() => output.push(line))))
  yield* Effect.all([stdout, stderr], { concurrency: "unbounded", discard: true }).pipe(Effect.ignore)
  const exitCode = yield* process.exitCode
  return { exitCode, output } satisfies Outcome
}, (effect) =>
  Effect.scoped(effect).pipe(
    Effect.provide(Simulator.layer({ rateLimit: { limit: 100_000 } }))
  ))
