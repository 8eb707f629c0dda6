/**
 * Credentials for TwitCasting API v2, and the per-token state that goes with
 * them.
 *
 * **Details**
 *
 * Every call needs an `Auth` in its context. It holds either or both of:
 *
 * - a user access token (from OAuth), sent as `Authorization: Bearer ...`
 *   by the calls that act as a user (comments, subtitles, supporting) and
 *   by the calls either kind may make;
 * - app credentials (client id and secret), sent as
 *   `Authorization: Basic base64(id:secret)` by the app-only calls (the
 *   webhook registry, the realtime socket), and by the calls either kind
 *   may make when there is no user token.
 *
 * A call whose kind `Auth` does not hold fails with `AuthenticationError`
 * before anything is sent. `Auth` also holds the API's base URL (point it
 * at the simulator in tests) and the optional webhook signature used to
 * check incoming webhooks. Each credential has its own rate budget
 * (`Budget`).
 *
 * Secrets are `Redacted`: they never show up in logs, errors or spans.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Auth, Users } from "@effect-twitcasting/sdk"
 *
 * const program = Users.getUserInfo({ screenId: "twitcasting_jp" }).pipe(
 *   Effect.provide(Auth.layer({ credentials: Auth.userToken(Redacted.make("my-token")) })),
 *   Effect.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#authorization
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Budget from "./Budget.js"
import { type Issue, OptionsError } from "./Errors.js"
import { RateLimit } from "./RateLimit.js"

/**
 * The API's base URL.
 *
 * @example
 * ```ts
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const isReal = (baseUrl: string) => baseUrl === Auth.defaultBaseUrl
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultBaseUrl = "https://apiv2.twitcasting.tv"

/**
 * What the `Authorization` header is made of.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const credentials: Auth.Credentials = Auth.appCredentials({ clientId: "abc", clientSecret: Redacted.make("s3cret") })
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Credentials = Data.TaggedEnum<{
  UserToken: { readonly token: Redacted.Redacted<string> }
  AppCredentials: { readonly clientId: string; readonly clientSecret: Redacted.Redacted<string> }
}>

const Credentials = Data.taggedEnum<Credentials>()

/**
 * A user's access token (OAuth2), sent as a Bearer token.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const credentials = Auth.userToken(Redacted.make(process.env.TOKEN ?? ""))
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const userToken = (token: Redacted.Redacted<string>): Credentials => Credentials.UserToken({ token })

/**
 * An application's client id and secret, for app-only calls (Basic auth).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const credentials = Auth.appCredentials({ clientId: "ClientID", clientSecret: Redacted.make("ClientSecret") })
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const appCredentials = (options: {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
}): Credentials => Credentials.AppCredentials(options)

/**
 * Options for {@link make} and {@link layer}.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const options: Auth.Options = {
 *   credentials: [
 *     Auth.userToken(Redacted.make("token")),
 *     Auth.appCredentials({ clientId: "ClientID", clientSecret: Redacted.make("ClientSecret") })
 *   ],
 *   baseUrl: "http://127.0.0.1:8787"
 * }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /**
   * A user token, app credentials, or both (at most one of each kind): each
   * call uses the kind its endpoint needs.
   */
  readonly credentials: Credentials | ReadonlyArray<Credentials>
  /** An absolute `http(s)` URL; defaults to {@link defaultBaseUrl}. */
  readonly baseUrl?: string | undefined
  /** The app's webhook signature, for `Webhooks.incomingWebhook`. */
  readonly webhookSignature?: Redacted.Redacted<string> | undefined
}

/**
 * Credentials of one kind as `Auth` holds them, with the key of their rate
 * budget.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const userKey = Effect.map(Auth.Auth, (auth) => Option.map(auth.user, (held: Auth.Held) => held.fingerprint))
 * ```
 *
 * @category models
 * @since 0.3.0
 */
export interface Held<C extends Credentials = Credentials> {
  readonly credentials: C
  /**
   * A hash of the credentials (never the credentials): the key of their
   * rate budget, shared by every `Auth` of the same credentials.
   */
  readonly fingerprint: string
}

/**
 * The `Auth` service: a user token, app credentials or both, the base URL
 * and the webhook signature.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const canWatchLives = Effect.map(Auth.Auth, (auth) => Option.isSome(auth.app))
 * ```
 *
 * @category tags
 * @since 0.1.0
 */
export class Auth extends Context.Tag("@effect-twitcasting/sdk/Auth")<Auth, {
  /** The user access token, for the endpoints that act as a user. */
  readonly user: Option.Option<Held<UserToken>>
  /** The app's client id and secret, for the app-only endpoints (webhooks, realtime). */
  readonly app: Option.Option<Held<AppCredentials>>
  readonly baseUrl: string
  readonly webhookSignature: Option.Option<Redacted.Redacted<string>>
}>() {}

/**
 * A user's access token, as {@link Auth} holds it.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const show = (user: Auth.UserToken) => Redacted.isRedacted(user.token)
 * ```
 *
 * @category models
 * @since 0.3.0
 */
export type UserToken = Data.TaggedEnum.Value<Credentials, "UserToken">

/**
 * An application's client id and secret, as {@link Auth} holds them.
 *
 * @example
 * ```ts
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const idOf = (app: Auth.AppCredentials) => app.clientId
 * ```
 *
 * @category models
 * @since 0.3.0
 */
export type AppCredentials = Data.TaggedEnum.Value<Credentials, "AppCredentials">

const blank = (text: string) => text.trim() === ""

/** What is wrong with the options, one issue a field. */
const issuesOf = (options: Options, list: ReadonlyArray<Credentials>): ReadonlyArray<Issue> => {
  const issues: Array<Issue> = []
  const users = list.filter((credentials) => credentials._tag === "UserToken")
  const apps = list.filter((credentials) => credentials._tag === "AppCredentials")
  if (list.length === 0) issues.push({ field: "credentials", message: "must hold a user token or app credentials" })
  if (users.length > 1 || apps.length > 1) {
    issues.push({ field: "credentials", message: "may hold one user token and one set of app credentials, no more" })
  }
  if (users.some((user) => blank(Redacted.value(user.token)))) {
    issues.push({ field: "credentials.token", message: "must not be empty" })
  }
  if (apps.some((app) => blank(app.clientId))) {
    issues.push({ field: "credentials.clientId", message: "must not be empty" })
  }
  if (apps.some((app) => blank(Redacted.value(app.clientSecret)))) {
    issues.push({ field: "credentials.clientSecret", message: "must not be empty" })
  }
  if (options.baseUrl !== undefined) {
    const problem = baseUrlProblem(options.baseUrl)
    if (problem !== undefined) issues.push({ field: "baseUrl", message: problem })
  }
  return issues
}

/** Why a base URL cannot be the API's, if it cannot. */
const baseUrlProblem = (baseUrl: string): string | undefined => {
  if (!URL.canParse(baseUrl)) return `must be an absolute http(s) URL, not "${baseUrl}"`
  const url = new URL(baseUrl)
  if (url.protocol !== "https:" && url.protocol !== "http:") return `must be an http(s) URL, not ${url.protocol}`
  if (url.username !== "" || url.password !== "") return "must not hold credentials"
  if (url.search !== "" || url.hash !== "") return "must not have a query or fragment"
  return undefined
}

const held = <C extends Credentials>(credentials: C): Held<C> => ({
  credentials,
  fingerprint: Budget.fingerprint(
    credentials._tag === "UserToken"
      ? credentials.token
      : Redacted.make(`app:${credentials.clientId}:${Redacted.value(credentials.clientSecret)}`)
  )
})

/**
 * Builds an `Auth`, refusing options it could not send: no credentials, an
 * empty token, client id or secret, two of one kind, or a base URL that is
 * not an absolute `http(s)` URL. Its rate budgets are keyed by a hash of
 * each credential, so every `Auth` of the same credentials shares them.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const auth = Auth.make({ credentials: Auth.userToken(Redacted.make("token")), baseUrl: "http://127.0.0.1:8787" })
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options): Effect.Effect<Auth["Type"], OptionsError> =>
  Effect.suspend(() => {
    const list: ReadonlyArray<Credentials> = Array.isArray(options.credentials)
      ? options.credentials
      : [options.credentials as Credentials]
    const issues = issuesOf(options, list)
    if (issues.length > 0) return Effect.fail(new OptionsError({ module: "Auth", issues }))
    const user = list.find((credentials) => credentials._tag === "UserToken")
    const app = list.find((credentials) => credentials._tag === "AppCredentials")
    return Effect.succeed({
      user: Option.map(Option.fromNullable(user), held),
      app: Option.map(Option.fromNullable(app), held),
      baseUrl: (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, ""),
      webhookSignature: Option.fromNullable(options.webhookSignature)
    })
  })

/**
 * A layer providing `Auth` from explicit options.
 *
 * **When to use**
 *
 * Tests, and programs that obtain credentials themselves (e.g. after an
 * OAuth exchange). Use {@link layerConfig} to read them from the environment.
 *
 * **Gotchas**
 *
 * Building the layer fails with `OptionsError` on options {@link make}
 * refuses, before any call is sent.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const AuthLive = Auth.layer({
 *   credentials: Auth.appCredentials({ clientId: "ClientID", clientSecret: Redacted.make("ClientSecret") })
 * })
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<Auth, OptionsError> => Layer.effect(Auth, make(options))

/**
 * Reads credentials through Effect `Config`: `TWITCASTING_ACCESS_TOKEN`
 * (a user's token), `TWITCASTING_CLIENT_ID` and `TWITCASTING_CLIENT_SECRET`
 * (the app's), at least one kind, both if the program needs both; and
 * optionally `TWITCASTING_BASE_URL` and `TWITCASTING_WEBHOOK_SIGNATURE`.
 *
 * **Gotchas**
 *
 * A missing or empty variable fails with a `ConfigError` naming the
 * variables to set; so does a client id without its secret. Pass a custom
 * `config` to read other names or sources.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Auth, Users } from "@effect-twitcasting/sdk"
 *
 * Users.verifyCredentials().pipe(
 *   Effect.provide(Auth.layerConfig()),
 *   Effect.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  config: Config.Config<Options> = optionsConfig
): Layer.Layer<Auth, ConfigError.ConfigError> =>
  Layer.effect(
    Auth,
    Effect.flatMap(config, (options) =>
      Effect.mapError(make(options), (error) =>
        ConfigError.InvalidData(
          [],
          error.issues.map((issue) => `${issue.field} ${issue.message}`).join("; ")
        )))
  )

const nonEmpty = (name: string) => ({
  message: `${name} must not be empty`,
  validation: (text: string) => !blank(text)
})

const secret = (name: string) =>
  Config.string(name).pipe(Config.validate(nonEmpty(name)), Config.map(Redacted.make), Config.option)

const missing = "set TWITCASTING_ACCESS_TOKEN (a user's access token), or TWITCASTING_CLIENT_ID and " +
  "TWITCASTING_CLIENT_SECRET (the app's credentials), or all three"

/**
 * The default configuration read by {@link layerConfig}.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const prefixed = Config.nested(Auth.optionsConfig, "MY_APP")
 * ```
 *
 * @category config
 * @since 0.1.0
 */
export const optionsConfig: Config.Config<Options> = Config.all({
  credentials: Config.all({
    token: secret("TWITCASTING_ACCESS_TOKEN"),
    clientId: Config.option(
      Config.string("TWITCASTING_CLIENT_ID").pipe(Config.validate(nonEmpty("TWITCASTING_CLIENT_ID")))
    ),
    clientSecret: secret("TWITCASTING_CLIENT_SECRET")
  }).pipe(
    Config.mapOrFail(({ clientId, clientSecret, token }) => {
      if (Option.isSome(clientId) !== Option.isSome(clientSecret)) {
        const [given, absent] = Option.isSome(clientId)
          ? ["TWITCASTING_CLIENT_ID", "TWITCASTING_CLIENT_SECRET"]
          : ["TWITCASTING_CLIENT_SECRET", "TWITCASTING_CLIENT_ID"]
        return Either.left(ConfigError.MissingData([absent], `${given} is set: set ${absent} too`))
      }
      const list = [
        ...Option.toArray(Option.map(token, userToken)),
        ...Option.toArray(
          Option.zipWith(clientId, clientSecret, (clientId, clientSecret) => appCredentials({ clientId, clientSecret }))
        )
      ]
      return list.length === 0 ? Either.left(ConfigError.MissingData([], missing)) : Either.right(list)
    })
  ),
  baseUrl: Config.string("TWITCASTING_BASE_URL").pipe(
    Config.validate({
      message: "TWITCASTING_BASE_URL must be an absolute http(s) URL without credentials, query or fragment",
      validation: (url) => baseUrlProblem(url) === undefined
    }),
    Config.withDefault(defaultBaseUrl)
  ),
  webhookSignature: secret("TWITCASTING_WEBHOOK_SIGNATURE").pipe(Config.map(Option.getOrUndefined))
})

/**
 * The running rate-limit window of the user token's usual bucket (the app
 * credentials' when `Auth` holds no user token)
 * (`"default"`: every endpoint but the supporter lists), as the rate
 * budget knows it: `None` before any answer with rate-limit headers, or
 * once the window is over.
 *
 * **Details**
 *
 * `remaining` is what the API said was left, less the calls in flight;
 * `reset` is on the local clock (the API's reset, moved by the difference
 * between its clock and this machine's). Other buckets: `Budget.state`.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const remaining = Auth.rateLimit.pipe(Effect.map((state) => state.pipe(Option.map((r) => r.remaining))))
 * ```
 *
 * @category accessors
 * @since 0.1.0
 */
export const rateLimit: Effect.Effect<Option.Option<RateLimit>, never, Auth> = Effect.flatMap(
  Auth,
  (auth) =>
    Effect.flatMap(Budget.Budget, (budget) =>
      Effect.map(
        Option.match(Option.orElse(auth.user, () => auth.app), {
          onNone: () => Effect.succeedNone,
          onSome: ({ fingerprint }) => budget.state({ fingerprint, bucket: "default" })
        }),
        Option.map((state) => new RateLimit(state, { disableValidation: true }))
      ))
)
