/**
 * Where `twitcasting login` keeps the user's token: `token.json` in the
 * user's configuration directory, readable by the user only (mode 0600, in
 * a directory of mode 0700).
 *
 * **Details**
 *
 * The directory is `TWITCASTING_CONFIG_DIR` when set, else
 * `$XDG_CONFIG_HOME/twitcasting`, else `%APPDATA%\twitcasting` on Windows,
 * else `~/.config/twitcasting`. The file holds the token, the user it
 * belongs to, the base URL it was issued by and when it expires. The token
 * is `Redacted` in memory and never printed.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Store } from "@effect-twitcasting/cli"
 *
 * const loggedIn = Effect.flatMap(Store.Store, (store) => store.load)
 * ```
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { homedir } from "node:os"

/**
 * A stored login.
 *
 * @example
 * ```ts
 * import { DateTime, Redacted } from "effect"
 * import { Store } from "@effect-twitcasting/cli"
 *
 * const stored = Store.Stored.make({
 *   token: Redacted.make("t"),
 *   screenId: "casma_jp",
 *   baseUrl: "https://apiv2.twitcasting.tv",
 *   expiresAt: DateTime.unsafeMake("2027-06-01T00:00:00Z")
 * })
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export class Stored extends Schema.Class<Stored>("Stored")({
  token: Schema.Redacted(Schema.String),
  screenId: Schema.String,
  baseUrl: Schema.String,
  expiresAt: Schema.DateTimeUtc
}) {}

const StoredJson = Schema.parseJson(Stored, { space: 2 })

/**
 * The token file could not be read or written, or holds something else.
 *
 * @example
 * ```ts
 * import { Store } from "@effect-twitcasting/cli"
 *
 * const error = new Store.StoreError({ path: "/home/me/.config/twitcasting/token.json", reason: "permission denied" })
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class StoreError extends Schema.TaggedError<StoreError>("@effect-twitcasting/cli/StoreError")("StoreError", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `the token file ${this.path}: ${this.reason}`
  }
}

/**
 * The token store.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Store } from "@effect-twitcasting/cli"
 *
 * const where = Effect.map(Store.Store, (store) => store.path)
 * ```
 *
 * @category services
 * @since 0.1.0
 */
export class Store extends Context.Tag("@effect-twitcasting/cli/Store")<Store, {
  /** The token file's path. */
  readonly path: string
  /** The stored login, if any. */
  readonly load: Effect.Effect<Option.Option<Stored>, StoreError>
  /** Stores a login, replacing any other. */
  readonly save: (stored: Stored) => Effect.Effect<void, StoreError>
  /** Forgets the stored login; whether there was one. */
  readonly remove: Effect.Effect<boolean, StoreError>
}>() {}

/**
 * The configuration directory, read through `Config` (see the module's
 * details for the order).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Store } from "@effect-twitcasting/cli"
 *
 * const dir = Effect.runSync(Store.directoryConfig)
 * ```
 *
 * @category config
 * @since 0.1.0
 */
export const directoryConfig: Config.Config<string> = Config.string("TWITCASTING_CONFIG_DIR").pipe(
  Config.orElse(() => Config.map(Config.string("XDG_CONFIG_HOME"), (dir) => `${dir}/twitcasting`)),
  Config.orElse(() =>
    process.platform === "win32"
      ? Config.map(Config.string("APPDATA"), (dir) => `${dir}\\twitcasting`)
      : Config.fail("no APPDATA")
  ),
  Config.orElse(() => Config.succeed(`${homedir()}/.config/twitcasting`))
)

/**
 * The store on the file system, in the directory of {@link directoryConfig}.
 *
 * @example
 * ```ts
 * import { NodeContext } from "@effect/platform-node"
 * import { Layer } from "effect"
 * import { Store } from "@effect-twitcasting/cli"
 *
 * const live = Store.layer.pipe(Layer.provide(NodeContext.layer))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<Store, never, FileSystem.FileSystem | Path.Path> = Layer.effect(
  Store,
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const directory = yield* directoryConfig.pipe(Effect.orDie)
    const file = path.join(directory, "token.json")
    const failed = (error: { readonly message: string }) => new StoreError({ path: file, reason: error.message })
    return {
      path: file,
      load: fs.exists(file).pipe(
        Effect.flatMap((exists) =>
          exists
            ? fs.readFileString(file).pipe(
              Effect.flatMap(Schema.decode(StoredJson)),
              Effect.map(Option.some)
            )
            : Effect.succeedNone
        ),
        Effect.mapError((error) =>
          error._tag === "ParseError"
            ? new StoreError({ path: file, reason: "not a stored login; run `twitcasting login` again" })
            : failed(error)
        )
      ),
      save: (stored) =>
        Effect.gen(function*() {
          yield* fs.makeDirectory(directory, { recursive: true, mode: 0o700 })
          const text = yield* Schema.encode(StoredJson)(stored)
          // written to a new file of mode 0600, then moved over the old one
          const temporary = `${file}.${process.pid}.tmp`
          yield* fs.writeFileString(temporary, `${text}\n`, { mode: 0o600 })
          yield* fs.chmod(temporary, 0o600)
          yield* fs.rename(temporary, file)
        }).pipe(Effect.mapError(failed)),
      remove: fs.exists(file).pipe(
        Effect.tap((exists) => exists ? fs.remove(file) : Effect.void),
        Effect.mapError(failed)
      )
    }
  })
)
