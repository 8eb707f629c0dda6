/**
 * `twitcasting simulator [--port] [--seed] [--chatter]`: the TwitCasting API
 * simulator of `@effect-twitcasting/simulator`, so that one install is
 * enough to try every command offline.
 *
 * @example
 * ```ts
 * import * as Simulate from "@effect-twitcasting/cli/commands/Simulate"
 *
 * const command = Simulate.simulator
 * ```
 *
 * @since 0.1.0
 */
import { Seed, Simulator } from "@effect-twitcasting/simulator"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * The `simulator` command.
 *
 * @example
 * ```ts
 * import { Command } from "@effect/cli"
 * import * as Simulate from "@effect-twitcasting/cli/commands/Simulate"
 *
 * const usage = Command.getUsage(Simulate.simulator)
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const simulator = Command.make("simulator", {
  port: Options.integer("port").pipe(Options.withDefault(8787), Options.withDescription("0 picks a free port")),
  host: Options.text("host").pipe(Options.withDefault("127.0.0.1")),
  seed: Options.file("seed", { exists: "yes" }).pipe(
    Options.withDescription("A world as JSON (a Seed.Seed); the default world otherwise"),
    Options.optional
  ),
  chatter: Options.integer("chatter").pipe(
    Options.withDefault(5),
    Options.withDescription("Seconds between viewers' comments on each live; 0 for none")
  )
}, ({ chatter, host, port, seed }) =>
  Effect.gen(function*() {
    const world = yield* Option.match(seed, {
      onNone: () => Effect.sync(() => Seed.defaultSeed(new Date())),
      onSome: (file) =>
        FileSystem.FileSystem.pipe(
          Effect.flatMap((fs) => fs.readFileString(file)),
          Effect.flatMap(Schema.decodeUnknown(Schema.parseJson(Seed.Seed)))
        )
    })
    yield* Effect.gen(function*() {
      const { baseUrl } = yield* Simulator.Simulator
      const token = world.tokens[0]
      yield* Console.log(`TwitCasting API simulator on ${baseUrl}`)
      yield* Console.log(`  users: ${world.users.map((user) => user.screenId).join(", ")}`)
      for (const app of world.apps) yield* Console.log(`  app:   ${app.clientId} (secret ${app.clientSecret})`)
      if (token !== undefined) {
        yield* Console.log("try, in another terminal:")
        yield* Console.log(`  export TWITCASTING_BASE_URL=${baseUrl} TWITCASTING_ACCESS_TOKEN=${token.token}`)
        yield* Console.log("  twitcasting whoami")
      }
      return yield* Effect.never
    }).pipe(
      Effect.provide(Simulator.layer({
        seed: world,
        port,
        host,
        ...(chatter > 0 ? { chatter: Duration.seconds(chatter) } : {})
      }))
    )
  })).pipe(Command.withDescription("Run the TwitCasting API simulator, to try everything offline"))
