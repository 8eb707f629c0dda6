/**
 * `pnpm test:runtimes`: the SDK on every runtime, for real, against the
 * simulator. One check per runtime, run one after the other:
 *
 * - node20: the smoke program (`pnpm test` runs the suites on Node 20);
 * - node22, node24: the SDK's integration suite and its runtime-dependent
 *   unit tests (vitest under that Node), and the smoke program;
 * - bun, deno: the smoke program;
 * - chromium: the SDK bundled for the browser, and the overlay, in headless
 *   Chromium.
 *
 * Ends with `runtimes: <n> of <m> ok (node20 ok, ...)` and exits non-zero
 * when a check failed.
 *
 * @since 0.1.0
 */
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import * as Command from "@effect/platform/Command"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { fileURLToPath } from "node:url"
import { browser } from "./browser.js"
import { smokeWith } from "./host.js"

const here = fileURLToPath(new URL("..", import.meta.url))
const root = fileURLToPath(new URL("../../..", import.meta.url))

/** A check did not pass: what went wrong, with the end of the output. */
class CheckFailed extends Schema.TaggedError<CheckFailed>()("CheckFailed", { message: Schema.String }) {}

/** A command run in this package's directory. */
const inPackage = (command: string, ...args: Array<string>) =>
  Command.workingDirectory(Command.make(command, ...args), here)

/** The first download of a runtime through npx can take minutes; later runs come from the cache. */
const fetchRuntime = (npxPackage: string, ...versionArgs: Array<string>) =>
  Command.exitCode(inPackage("npx", "-y", npxPackage, ...versionArgs)).pipe(
    Effect.timeout("5 minutes"),
    Effect.flatMap((code) =>
      code === 0 ? Effect.void : new CheckFailed({ message: `npx -y ${npxPackage} exited with ${code}` })
    )
  )

/** Runs a command to the end; its exit code and output. */
const capture = (command: Command.Command) =>
  Effect.scoped(Effect.gen(function*() {
    const process = yield* Command.start(command)
    const output: Array<string> = []
    const collect = (stream: Stream.Stream<Uint8Array, unknown>) =>
      Stream.splitLines(Stream.decodeText(stream)).pipe(
        Stream.runForEach((line) => Effect.sync(() => output.push(line)))
      )
    yield* Effect.all([collect(process.stdout), collect(process.stderr)], { concurrency: "unbounded" }).pipe(
      Effect.ignore
    )
    return { exitCode: yield* process.exitCode, output }
  }))

/** Fails with the tail of the output unless the command exited 0; the lines matching `summary` otherwise. */
const expectSuccess =
  (label: string, summary: RegExp) => (outcome: { exitCode: number; output: ReadonlyArray<string> }) =>
    outcome.exitCode === 0
      ? Console.log(
        outcome.output.filter((line) => summary.test(line)).map((line) => `  ${label}: ${line.trim()}`).join("\n")
      )
      : new CheckFailed({
        message: `${label} exited with ${outcome.exitCode}:\n${outcome.output.slice(-40).join("\n")}`
      })

const smoke = (label: string, command: Command.Command) =>
  Effect.flatMap(smokeWith(command), expectSuccess(`${label} smoke`, /^smoke ok/))

/**
 * The SDK's integration suite (the `simulator` project: the SDK against the
 * simulator, over HTTP and the realtime socket) and the unit tests that
 * depend on the runtime (sockets, fetch and its bodies, timeouts, the
 * receiver, OAuth), under another Node, with vitest itself. The whole unit
 * suite takes minutes on two cores; `pnpm test` runs it on Node 20.
 *
 * A failed test is run once more (`--retry 1`): a few of these tests pace
 * themselves on the live clock (a 1-second rate-limit window, a tail given
 * 100 ms to start) and can miss on a machine loaded by other work; a test
 * that fails on this runtime fails twice.
 */
const suiteFiles = [
  "packages/simulator/test/",
  ...["Realtime", "Secrets", "Webhooks", "OAuth", "Responses", "Retry"].map((name) =>
    `packages/sdk/test/${name}.test.ts`
  )
]

const suites = (npxNode: string) =>
  Effect.flatMap(
    capture(
      Command.workingDirectory(
        Command.make("npx", "-y", npxNode, "node_modules/vitest/vitest.mjs", "run", "--retry", "1", ...suiteFiles),
        root
      )
    ),
    expectSuccess(`${npxNode} suites`, /^\s*Tests\s/)
  )

const nodeSmoke = (node: ReadonlyArray<string>) =>
  smoke(node.join(" "), inPackage(node[0]!, ...node.slice(1), "--import", "tsx", "src/smoke-node.ts"))

/** A newer Node from npm: the suites, then the smoke program. */
const newerNode = (version: number) => {
  const npxNode = `node@${version}`
  return fetchRuntime(npxNode, "--version").pipe(
    Effect.andThen(suites(npxNode)),
    Effect.andThen(nodeSmoke(["npx", "-y", npxNode]))
  )
}

const checks: ReadonlyArray<readonly [string, Effect.Effect<void, unknown, NodeContext.NodeContext>]> = [
  ["node20", nodeSmoke([process.execPath])],
  ["node22", newerNode(22)],
  ["node24", newerNode(24)],
  [
    "bun",
    Effect.andThen(fetchRuntime("bun", "--version"), smoke("bun", inPackage("npx", "-y", "bun", "src/smoke-bun.ts")))
  ],
  [
    "deno",
    Effect.andThen(
      fetchRuntime("deno", "--version"),
      smoke("deno", inPackage("npx", "-y", "deno", "run", "-A", "--unstable-sloppy-imports", "src/smoke-deno.ts"))
    )
  ],
  ["chromium", browser]
]

/** An error as the report shows it: its message, or what it is. */
const describe = (error: unknown) =>
  Predicate.hasProperty(error, "message") && typeof error.message === "string" ? error.message : String(error)

const main = Effect.gen(function*() {
  const results: Array<readonly [string, boolean]> = []
  for (const [name, check] of checks) {
    yield* Console.log(`${name}: running`)
    const [took, outcome] = yield* check.pipe(
      Effect.timeoutFail({ duration: "10 minutes", onTimeout: () => new CheckFailed({ message: "timed out" }) }),
      Effect.either,
      Effect.timed
    )
    const seconds = `${Math.round(Duration.toSeconds(took))} s`
    if (outcome._tag === "Left") yield* Console.error(`${name}: FAILED after ${seconds}\n${describe(outcome.left)}`)
    else yield* Console.log(`${name}: ok in ${seconds}`)
    results.push([name, outcome._tag === "Right"])
  }
  const ok = results.filter(([, passed]) => passed).length
  yield* Console.log(
    `runtimes: ${ok} of ${results.length} ok (${
      results.map(([name, passed]) => `${name} ${passed ? "ok" : "failed"}`).join(", ")
    })`
  )
  if (ok < results.length) yield* Effect.sync(() => (process.exitCode = 1))
})

main.pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain)
