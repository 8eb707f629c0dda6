/**
 * The `twitcasting` command itself, before its subcommands, with the
 * options every subcommand shares: `--base-url` and `--json`.
 *
 * **Details**
 *
 * A subcommand reads them with `yield* Root.settings`. They may be written
 * before the subcommand (`twitcasting --json user casma_jp`) or at the end of
 * the line (`twitcasting user casma_jp --json`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Root } from "@effect-twitcasting/cli"
 *
 * const asJson = Effect.map(Root.settings, (settings) => settings.json)
 * ```
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"

/**
 * The command without subcommands: its name and global options.
 *
 * @example
 * ```ts
 * import { Command } from "@effect/cli"
 * import { Root } from "@effect-twitcasting/cli"
 *
 * const usage = Command.getUsage(Root.root)
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const root = Command.make("twitcasting", {
  baseUrl: Options.text("base-url").pipe(
    Options.withDescription(
      "The API's base URL (default: TWITCASTING_BASE_URL, the URL `login` used, or https://apiv2.twitcasting.tv)"
    ),
    Options.optional
  ),
  json: Options.boolean("json").pipe(
    Options.withDescription("Print one JSON object a line (the API's own field names), for pipes and jq")
  )
}).pipe(Command.withDescription("TwitCasting from the command line: lookups, comments, webhooks, and a simulator"))

/**
 * What a subcommand's handler needs to read the global options.
 *
 * @example
 * ```ts
 * import type { Effect } from "effect"
 * import type { Root } from "@effect-twitcasting/cli"
 *
 * type NeedsGlobals = Effect.Effect<void, never, Root.Settings>
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Settings = Command.Command.Context<"twitcasting">

/**
 * The global options as given on the command line.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Root } from "@effect-twitcasting/cli"
 *
 * const baseUrl = Effect.map(Root.settings, (settings) => Option.getOrUndefined(settings.baseUrl))
 * ```
 *
 * @category accessors
 * @since 0.1.0
 */
export const settings: Effect.Effect<
  { readonly baseUrl: Option.Option<string>; readonly json: boolean },
  never,
  Settings
> = root
