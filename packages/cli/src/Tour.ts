/**
 * A scripted tour of the command: each step is a command line run
 * in-process with {@link Cli.run}, shown as `$ twitcasting ...` followed by
 * its output, and checked against the exit code it should end with.
 *
 * **Details**
 *
 * `pnpm cli:demo` runs {@link steps} against a simulator started
 * in-process; `pnpm demo` runs {@link short} in its CLI section. The steps
 * run with the simulator's default world: `twitcasting_jp` is live,
 * `casma_jp` is not.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Cli, Tour } from "@effect-twitcasting/cli"
 *
 * const ok = Tour.run(Tour.short, { env: { TWITCASTING_BASE_URL: "http://127.0.0.1:8787" } }).pipe(Effect.provide(Cli.layer))
 * ```
 *
 * @since 0.1.0
 */
import * as ConfigProvider from "effect/ConfigProvider"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { createServer } from "node:net"
import * as Cli from "./Cli.js"

/**
 * A step: a command line and the exit code it should end with (0 unless
 * given).
 *
 * @example
 * ```ts
 * import type { Tour } from "@effect-twitcasting/cli"
 *
 * const step: Tour.Step = { args: ["user", "nobody_here"], exitCode: 1 }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Step {
  readonly args: ReadonlyArray<string>
  readonly exitCode?: number | undefined
}

/**
 * The short tour of `pnpm demo`.
 *
 * @example
 * ```ts
 * import { Tour } from "@effect-twitcasting/cli"
 *
 * const count = Tour.short.length
 * ```
 *
 * @category steps
 * @since 0.1.0
 */
export const short: ReadonlyArray<Step> = [
  { args: ["live", "twitcasting_jp"] },
  { args: ["comments", "twitcasting_jp", "--limit", "3"] },
  { args: ["--json", "categories", "--lang", "en"] },
  { args: ["comment", "189037369"], exitCode: 2 }
]

/**
 * The full tour of `pnpm cli:demo` (after `login`, which needs a browser
 * and is run by the script itself).
 *
 * @example
 * ```ts
 * import { Tour } from "@effect-twitcasting/cli"
 *
 * const commands = Tour.steps.map((step) => step.args.join(" "))
 * ```
 *
 * @category steps
 * @since 0.1.0
 */
export const steps: ReadonlyArray<Step> = [
  { args: ["whoami"] },
  { args: ["user", "casma_jp"] },
  { args: ["live", "twitcasting_jp"] },
  { args: ["live", "casma_jp"] },
  { args: ["movies", "twitcasting_jp"] },
  { args: ["supporters", "twitcasting_jp", "--sort", "new"] },
  { args: ["schedules", "casma_jp"] },
  { args: ["search", "users", "Emily"] },
  { args: ["search", "lives", "--type", "tag", "歌枠"] },
  { args: ["categories", "--lang", "en"] },
  { args: ["comments", "189037369", "--limit", "5"] },
  { args: ["comment", "189037369", "こんばんは、コマンドラインから 👋"] },
  { args: ["--json", "comments", "189037369", "--limit", "1"] },
  { args: ["subtitle", "set", "CLIから配信中"] },
  { args: ["hashtag", "set", "#effect"] },
  { args: ["webhooks", "add", "casma_jp"] },
  { args: ["webhooks", "list"] },
  { args: ["user", "nobody_here"], exitCode: 1 },
  { args: ["comment", "189037369"], exitCode: 2 }
]

/**
 * Runs the steps in order, each shown as a shell session would show it,
 * with `env` as the only environment variables the commands see; succeeds
 * with whether every step ended with its exit code.
 *
 * **Gotchas**
 *
 * The token store reads `TWITCASTING_CONFIG_DIR` when its layer is built:
 * build `Cli.layer` under the same configuration to keep the tour's login
 * away from the user's own.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Cli, Tour } from "@effect-twitcasting/cli"
 *
 * const ok = Tour.run([{ args: ["categories"] }], { env: {} }).pipe(Effect.provide(Cli.layer))
 * ```
 *
 * @category running
 * @since 0.1.0
 */
export const run = Effect.fn("Tour.run")(function*(
  tour: ReadonlyArray<Step>,
  options: { readonly env: Readonly<Record<string, string>> }
) {
  const provider = ConfigProvider.fromMap(new Map(Object.entries(options.env)))
  let ok = true
  for (const step of tour) {
    const shown = step.args.map((arg) => (/^[\w@#./:=-]+$/.test(arg) ? arg : `'${arg}'`)).join(" ")
    yield* Console.log(`\n$ twitcasting ${shown}`)
    const code = yield* Cli.run(["node", "twitcasting", ...step.args]).pipe(Effect.withConfigProvider(provider))
    if (code !== 0) yield* Console.log(`(exit code ${code})`)
    if (code !== (step.exitCode ?? 0)) {
      ok = false
      yield* Console.error(`expected exit code ${step.exitCode ?? 0}, got ${code}`)
    }
  }
  return ok
})

/**
 * A port nothing listens on now: where the tour's app (and a test's) has
 * its OAuth callback registered, for `login` to listen on.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Tour } from "@effect-twitcasting/cli"
 *
 * const callback = Effect.map(Tour.freePort, (port) => `http://127.0.0.1:${port}/callback`)
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const freePort: Effect.Effect<number> = Effect.async<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})
