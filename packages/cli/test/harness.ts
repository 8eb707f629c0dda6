/**
 * Runs the `twitcasting` command in-process, through `@effect/cli`'s runner,
 * against the simulator: what it printed (standard output, standard error,
 * the status line) and its exit code.
 */
import { Seed, Simulator } from "@effect-twitcasting/simulator"
import { FileSystem } from "@effect/platform"
import { NodeContext, NodeSocket } from "@effect/platform-node"
import { Chunk, Clock, ConfigProvider, DateTime, Effect, Layer, Schedule, TestClock, TestServices } from "effect"
import * as Browser from "../src/Browser.js"
import * as Cli from "../src/Cli.js"
import * as Output from "../src/Output.js"
import * as Store from "../src/Store.js"

export interface Run {
  readonly code: number
  readonly out: ReadonlyArray<string>
  readonly err: ReadonlyArray<string>
  readonly status: ReadonlyArray<string>
}

export interface RunOptions {
  /** Environment variables over (or, as `undefined`, instead of) the defaults of {@link env}. */
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly color?: boolean
  readonly browser?: Browser.Browser["Type"]
  /** Where to record the lines, to read them while the command runs. */
  readonly lines?: { readonly out: Array<string>; readonly err: Array<string> }
}

/** The user whose token the runs use unless told otherwise: their live is 189037369. */
export const me = "twitcasting_jp"

/** The variables a run sees: the simulator, a user token, the app, the webhook signature. */
export const env = (baseUrl: string, configDir: string): Record<string, string> => ({
  TWITCASTING_BASE_URL: baseUrl,
  TWITCASTING_ACCESS_TOKEN: Seed.demoToken(me),
  TWITCASTING_CLIENT_ID: Seed.demoClientId,
  TWITCASTING_CLIENT_SECRET: Seed.demoClientSecret,
  TWITCASTING_WEBHOOK_SIGNATURE: Seed.demoWebhookSignature,
  TWITCASTING_CONFIG_DIR: configDir
})

/** A configuration directory of its own for the test. */
export const configDir = Effect.flatMap(FileSystem.FileSystem, (fs) => fs.makeTempDirectoryScoped())

const noBrowser: Browser.Browser["Type"] = { open: () => Effect.succeed(false) }

/**
 * Runs `twitcasting <args>` against the simulator in context, with the
 * simulator's `HttpClient` in context, times in UTC+9.
 */
export const cli = (args: ReadonlyArray<string>, configDir: string, options: RunOptions = {}) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.Simulator
    const out: Array<string> = options.lines?.out ?? []
    const err: Array<string> = options.lines?.err ?? []
    const status: Array<string> = []
    const base = yield* Effect.console
    const variables = Object.entries({ ...env(simulator.baseUrl, configDir), ...options.env })
      .flatMap(([key, value]) => (value === undefined ? [] : [[key, value] as const]))
    const text = (parts: ReadonlyArray<unknown>) => parts.map(String).join(" ")
    const layer = Store.layer.pipe(
      Layer.provideMerge(Layer.mergeAll(
        NodeContext.layer,
        NodeSocket.layerWebSocketConstructor,
        Layer.succeed(Output.Output, { color: options.color ?? false, status: (line) => status.push(line) }),
        Layer.succeed(Browser.Browser, options.browser ?? noBrowser),
        DateTime.layerCurrentZoneOffset(9 * 60 * 60 * 1000)
      ))
    )
    const code = yield* Cli.run(["node", "twitcasting", ...args]).pipe(
      Effect.provide(layer),
      Effect.withConsole({
        ...base,
        log: (...parts) => Effect.sync(() => void out.push(text(parts))),
        error: (...parts) => Effect.sync(() => void err.push(text(parts)))
      }),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(variables)))
    )
    const run: Run = { code, out, err, status }
    return run
  })

/** The objects of `--json` output, one a line. */
export const jsonLines = (run: Run): ReadonlyArray<Record<string, unknown>> =>
  run.out.map((line) => JSON.parse(line) as Record<string, unknown>)

/** The simulator, in process, and its `HttpClient`, with the file system for the config directory. */
export const Env = Layer.merge(Simulator.layerClient({ chatter: undefined }), NodeContext.layer)

/** Whether a run's output holds a line containing all of `parts`. */
export const hasLine = (lines: ReadonlyArray<string>, ...parts: ReadonlyArray<string>) =>
  lines.some((line) => parts.every((part) => line.includes(part)))

/** Waits, in real time, until `find` finds something in `lines` (at most 10 s). */
export const waitFor = <A>(lines: ReadonlyArray<string>, find: (line: string) => A | undefined) =>
  Effect.suspend(() => {
    for (const line of lines) {
      const found = find(line)
      if (found !== undefined) return Effect.succeed(found)
    }
    return Effect.fail("not yet" as const)
  }).pipe(
    Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.upTo("10 seconds"))),
    Effect.catchAll(() => Effect.dieMessage(`no such line in ${JSON.stringify(lines)}`))
  )

/**
 * One step of the TestClock for a command that runs in-process: waits (in
 * real time, for its in-process requests) until some fiber sleeps, then
 * moves the clock to the earliest wake-up, so that no wait is skipped.
 */
export const step = Effect.gen(function*() {
  for (let i = 0; i < 2000; i++) {
    const sleeps = Chunk.toReadonlyArray(yield* TestClock.sleeps())
    const next = sleeps.length === 0 ? undefined : Math.min(...sleeps)
    if (next !== undefined) {
      const now = yield* Clock.currentTimeMillis
      return yield* TestClock.adjust(Math.max(1, next - now))
    }
    yield* TestServices.provideLive(Effect.sleep("5 millis"))
  }
  return yield* Effect.dieMessage("nothing sleeps: the command is stuck")
})
