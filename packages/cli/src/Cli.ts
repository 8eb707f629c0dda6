/**
 * The whole `twitcasting` command: its subcommands, how a run ends (the
 * exit code, the error line), and the environment it runs in.
 *
 * **Details**
 *
 * {@link run} takes the command line (`process.argv`) and never fails: it
 * answers the exit code (0 ok, 1 API or network failure, 2 usage) after
 * printing what went wrong on one line. It needs {@link Environment}:
 * {@link layer} is the real one; tests provide the simulator's `HttpClient`,
 * a temporary token store and a recording `Console` instead.
 *
 * @example
 * ```ts
 * import { NodeRuntime } from "@effect/platform-node"
 * import { Effect } from "effect"
 * import { Cli } from "@effect-twitcasting/cli"
 *
 * Cli.run(["node", "twitcasting", "user", "casma_jp"]).pipe(Effect.provide(Cli.layer), NodeRuntime.runMain)
 * ```
 *
 * @since 0.1.0
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import type * as Descriptor from "@effect/cli/CommandDescriptor"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Socket from "@effect/platform/Socket"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Browser from "./Browser.js"
import * as Hooks from "./commands/Hooks.js"
import * as Live from "./commands/Live.js"
import * as Login from "./commands/Login.js"
import * as Lookup from "./commands/Lookup.js"
import * as Simulate from "./commands/Simulate.js"
import * as Failure from "./Failure.js"
import * as Notice from "./Notice.js"
import * as Output from "./Output.js"
import * as Root from "./Root.js"
import * as Store from "./Store.js"

/**
 * The command tree. Run alone, `twitcasting` shows its help.
 *
 * @example
 * ```ts
 * import { Command } from "@effect/cli"
 * import { Cli } from "@effect-twitcasting/cli"
 *
 * const bash = Command.getBashCompletions(Cli.command, "twitcasting")
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Root.root.pipe(
  Command.withHandler(() => Effect.suspend(() => Effect.fail(ValidationError.helpRequested(descriptor())))),
  Command.withSubcommands([
    ...Login.commands,
    ...Lookup.commands,
    ...Live.commands,
    Hooks.webhooks,
    Simulate.simulator
  ])
)

/** The tree's descriptor, for the help of `twitcasting` run alone. */
function descriptor(): Descriptor.Command<unknown> {
  return command.descriptor
}

/**
 * What a run needs from outside.
 *
 * @example
 * ```ts
 * import type { Effect } from "effect"
 * import type { Cli } from "@effect-twitcasting/cli"
 *
 * type Runnable = Effect.Effect<number, never, Cli.Environment>
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Environment =
  | CliApp.CliApp.Environment
  | HttpClient.HttpClient
  | Socket.WebSocketConstructor
  | Store.Store
  | Output.Output
  | Browser.Browser
  | DateTime.CurrentTimeZone

const cli = Command.run(command, { name: "twitcasting", version: "0.1.0" })

const errorLine = (line: string) =>
  Effect.flatMap(Output.paint(`twitcasting: ${line}`, "red"), (painted) => Console.error(painted))

/**
 * Runs a command line and answers its exit code; the failure, if any, is
 * printed as one line on standard error.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Cli } from "@effect-twitcasting/cli"
 *
 * const code = Cli.run(["node", "twitcasting", "--json", "categories"]).pipe(Effect.provide(Cli.layer))
 * ```
 *
 * @category running
 * @since 0.1.0
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<number, never, Environment> =>
  cli(argv).pipe(
    Effect.as(0),
    Effect.catchAllCause((cause) => {
      const failure = Cause.failureOption(cause)
      if (Option.isSome(failure)) {
        const explained = Failure.explain(failure.value)
        return Effect.as(
          Option.match(explained.line, { onNone: () => Effect.void, onSome: errorLine }),
          explained.exitCode
        )
      }
      if (Cause.isInterruptedOnly(cause)) return Effect.succeed(130)
      return Effect.as(errorLine(`internal error, please report it: ${Cause.pretty(cause)}`), 1)
    }),
    Effect.provide(Notice.layer)
  )

/**
 * The real environment: Node's file system, terminal and processes, the
 * undici HTTP client, WebSockets, the token store in the user's
 * configuration directory, the terminal's output and the local time zone.
 *
 * @example
 * ```ts
 * import { NodeRuntime } from "@effect/platform-node"
 * import { Effect } from "effect"
 * import { Cli } from "@effect-twitcasting/cli"
 *
 * Cli.run(process.argv).pipe(Effect.provide(Cli.layer), NodeRuntime.runMain)
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<Environment> = Layer.mergeAll(
  Store.layer,
  Browser.layer
).pipe(
  Layer.provideMerge(Layer.mergeAll(
    NodeContext.layer,
    NodeHttpClient.layerUndici,
    NodeSocket.layerWebSocketConstructor,
    Output.layer,
    DateTime.layerCurrentZoneLocal
  ))
)
