/**
 * The one place where the command assembles its `Auth`: the token stored by
 * `twitcasting login`, the environment variables `Auth.layerConfig()`
 * reads, and `--base-url`.
 *
 * **Details**
 *
 * - A user token is `TWITCASTING_ACCESS_TOKEN`, or else the stored login.
 * - App credentials are `TWITCASTING_CLIENT_ID` and `TWITCASTING_CLIENT_SECRET`.
 * - The base URL is `--base-url`, or else `TWITCASTING_BASE_URL`, or else
 *   the stored login's (when its token is the one used), or else the API's.
 * - The webhook signature is `TWITCASTING_WEBHOOK_SIGNATURE`.
 *
 * Each command says what it needs: `"user"` (posting, gifts, `whoami`...),
 * `"app"` (webhooks, the realtime feed), or `"any"` (lookups: the user
 * token when there is one, else the app's credentials).
 *
 * @example
 * ```ts
 * import { Users } from "@effect-twitcasting/sdk"
 * import { Credentials } from "@effect-twitcasting/cli"
 *
 * const me = Credentials.provide("user")(Users.verifyCredentials())
 * ```
 *
 * @since 0.1.0
 */
import * as Auth from "@effect-twitcasting/sdk/Auth"
import type * as Errors from "@effect-twitcasting/sdk/Errors"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Root from "./Root.js"
import * as Store from "./Store.js"

/**
 * The credentials a command needs.
 *
 * @example
 * ```ts
 * import type { Credentials } from "@effect-twitcasting/cli"
 *
 * const lookups: Credentials.Need = "any"
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Need = "user" | "app" | "any"

/**
 * The command needs credentials that are not there.
 *
 * @example
 * ```ts
 * import { Credentials } from "@effect-twitcasting/cli"
 *
 * const error = new Credentials.MissingCredentials({ need: "user" })
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class MissingCredentials extends Schema.TaggedError<MissingCredentials>(
  "@effect-twitcasting/cli/MissingCredentials"
)("MissingCredentials", { need: Schema.Literal("user", "app", "any") }) {
  override get message(): string {
    switch (this.need) {
      case "user":
        return "not logged in: run `twitcasting login`, or set TWITCASTING_ACCESS_TOKEN"
      case "app":
        return "this needs app credentials: set TWITCASTING_CLIENT_ID and TWITCASTING_CLIENT_SECRET"
      case "any":
        return "no credentials: run `twitcasting login`, or set TWITCASTING_ACCESS_TOKEN (or TWITCASTING_CLIENT_ID and TWITCASTING_CLIENT_SECRET)"
    }
  }
}

const nonBlank = (text: string) => text.trim() !== ""

const environment = Config.all({
  token: Config.option(Config.redacted("TWITCASTING_ACCESS_TOKEN")),
  clientId: Config.option(
    Config.string("TWITCASTING_CLIENT_ID").pipe(Config.validate({
      message: "TWITCASTING_CLIENT_ID must not be empty",
      validation: nonBlank
    }))
  ),
  clientSecret: Config.option(Config.redacted("TWITCASTING_CLIENT_SECRET")),
  baseUrl: Config.option(Config.string("TWITCASTING_BASE_URL")),
  webhookSignature: Config.option(Config.redacted("TWITCASTING_WEBHOOK_SIGNATURE"))
})

/** A secret that is set and not blank (its text is looked at, never printed). */
const filled = (secret: Option.Option<Redacted.Redacted<string>>) =>
  Option.filter(secret, (value) => nonBlank(Redacted.value(value)))

/**
 * The `Auth` a command that needs `need` runs with.
 *
 * @example
 * ```ts
 * import { Credentials } from "@effect-twitcasting/cli"
 *
 * const auth = Credentials.auth("app")
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const auth = Effect.fn("Credentials.auth")(function*(need: Need) {
  const env = yield* environment
  const { baseUrl: flag } = yield* Root.settings
  const store = yield* Store.Store
  const envToken = filled(env.token)
  const stored = Option.isSome(envToken) ? Option.none() : yield* store.load
  const token = Option.orElse(envToken, () => Option.map(stored, (login) => login.token))
  const app = Option.zipWith(
    env.clientId,
    filled(env.clientSecret),
    (clientId, clientSecret) => Auth.appCredentials({ clientId, clientSecret })
  )
  const user = Option.map(token, Auth.userToken)
  const held = need === "app" ? app : need === "user" ? user : Option.orElse(user, () => app)
  if (Option.isNone(held)) return yield* new MissingCredentials({ need })
  // both kinds when both are there: each call uses the one its endpoint needs
  const credentials = [...Option.toArray(user), ...Option.toArray(app)]
  const usesStored = Option.isSome(user) && Option.isSome(stored)
  const baseUrl = flag.pipe(
    Option.orElse(() => env.baseUrl),
    Option.orElse(() => usesStored ? Option.map(stored, (login) => login.baseUrl) : Option.none())
  )
  return yield* Auth.make({
    credentials,
    baseUrl: Option.getOrUndefined(baseUrl),
    webhookSignature: Option.getOrUndefined(env.webhookSignature)
  })
})

/**
 * The `Auth` of a user token just obtained (by `login`, to check it), at
 * `baseUrl`.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Credentials } from "@effect-twitcasting/cli"
 *
 * const auth = Credentials.forToken(Redacted.make("token"), "http://127.0.0.1:8787")
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const forToken = (
  token: Redacted.Redacted<string>,
  baseUrl: string
): Effect.Effect<Auth.Auth["Type"], Errors.OptionsError> => Auth.make({ credentials: Auth.userToken(token), baseUrl })

/**
 * The base URL a command without credentials (`login`) talks to:
 * `--base-url`, else `TWITCASTING_BASE_URL`, else the API's.
 *
 * @example
 * ```ts
 * import { Credentials } from "@effect-twitcasting/cli"
 *
 * const where = Credentials.baseUrl
 * ```
 *
 * @category accessors
 * @since 0.1.0
 */
export const baseUrl: Effect.Effect<string, ConfigError.ConfigError, Root.Settings> = Effect.gen(function*() {
  const { baseUrl: flag } = yield* Root.settings
  const env = yield* Config.option(Config.string("TWITCASTING_BASE_URL"))
  return flag.pipe(Option.orElse(() => env), Option.getOrElse(() => Auth.defaultBaseUrl)).replace(/\/+$/, "")
})

/**
 * Runs `effect` with the `Auth` of {@link auth}.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-twitcasting/sdk"
 * import { Credentials } from "@effect-twitcasting/cli"
 *
 * const hooks = Credentials.provide("app")(Webhooks.getWebhookList({}))
 * ```
 *
 * @category combinators
 * @since 0.1.0
 */
export const provide = (need: Need) =>
<A, E, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<
  A,
  E | MissingCredentials | ConfigError.ConfigError | Store.StoreError | Errors.OptionsError,
  Exclude<R, Auth.Auth> | Root.Settings | Store.Store
> => Effect.provideServiceEffect(effect, Auth.Auth, auth(need))
