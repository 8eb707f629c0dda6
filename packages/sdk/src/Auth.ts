/**
 * Credentials for TwitCasting API v2, and the per-token state that goes with
 * them.
 *
 * **Details**
 *
 * Every call needs an `Auth` in its context. It holds one of:
 *
 * - a user access token (from OAuth), sent as `Authorization: Bearer ...`;
 * - app credentials (client id and secret), sent as
 *   `Authorization: Basic base64(id:secret)` for app-only calls such as the
 *   webhook registry.
 *
 * It also holds the API's base URL (point it at the simulator in tests), the
 * optional webhook signature used to check incoming webhooks, and the latest
 * rate-limit state seen for its token, which the client uses to wait instead
 * of burning a call when the budget is spent.
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
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Budget from "./Budget.js"
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
 * const options: Auth.Options = { credentials: Auth.userToken(Redacted.make("token")), baseUrl: "http://127.0.0.1:8787" }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly credentials: Credentials
  /** Defaults to {@link defaultBaseUrl}. */
  readonly baseUrl?: string | undefined
  /** The app's webhook signature, for `Webhooks.incomingWebhook`. */
  readonly webhookSignature?: Redacted.Redacted<string> | undefined
}

/**
 * The `Auth` service.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const whoAmI = Effect.map(Auth.Auth, (auth) => auth.credentials._tag)
 * ```
 *
 * @category tags
 * @since 0.1.0
 */
export class Auth extends Context.Tag("@effect-twitcasting/sdk/Auth")<Auth, {
  readonly credentials: Credentials
  readonly baseUrl: string
  readonly webhookSignature: Option.Option<Redacted.Redacted<string>>
  /**
   * A hash of the credentials (never the credentials): the key of their
   * rate budget, shared by every `Auth` of the same credentials.
   */
  readonly fingerprint: string
}>() {}

/**
 * Builds an `Auth`. Its rate budget is keyed by a hash of its
 * credentials, so every `Auth` of the same credentials shares it.
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
export const make = (options: Options): Effect.Effect<Auth["Type"]> =>
  Effect.sync(() => ({
    credentials: options.credentials,
    baseUrl: (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, ""),
    webhookSignature: Option.fromNullable(options.webhookSignature),
    fingerprint: Budget.fingerprint(
      options.credentials._tag === "UserToken"
        ? options.credentials.token
        : Redacted.make(`app:${options.credentials.clientId}:${Redacted.value(options.credentials.clientSecret)}`)
    )
  }))

/**
 * A layer providing `Auth` from explicit options.
 *
 * **When to use**
 *
 * Tests, and programs that obtain credentials themselves (e.g. after an
 * OAuth exchange). Use {@link layerConfig} to read them from the environment.
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
export const layer = (options: Options): Layer.Layer<Auth> => Layer.effect(Auth, make(options))

/**
 * Reads credentials through Effect `Config`:
 * `TWITCASTING_ACCESS_TOKEN`, or else `TWITCASTING_CLIENT_ID` and
 * `TWITCASTING_CLIENT_SECRET`; optionally `TWITCASTING_BASE_URL` and
 * `TWITCASTING_WEBHOOK_SIGNATURE`.
 *
 * **Gotchas**
 *
 * When both a token and app credentials are set, the token wins. An empty
 * (or blank) token, client id or secret is refused with a `ConfigError`.
 * Pass a custom `config` to read other names or sources.
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
): Layer.Layer<Auth, ConfigError.ConfigError> => Layer.effect(Auth, Effect.flatMap(config, make))

const notEmpty = (secret: Redacted.Redacted<string>) => Redacted.value(secret).trim() !== ""

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
  credentials: Config.redacted("TWITCASTING_ACCESS_TOKEN").pipe(
    Config.validate({ message: "TWITCASTING_ACCESS_TOKEN must not be empty", validation: notEmpty }),
    Config.map(userToken),
    Config.orElse(() =>
      Config.all({
        clientId: Config.string("TWITCASTING_CLIENT_ID").pipe(
          Config.validate({ message: "TWITCASTING_CLIENT_ID must not be empty", validation: (id) => id.trim() !== "" })
        ),
        clientSecret: Config.redacted("TWITCASTING_CLIENT_SECRET").pipe(
          Config.validate({ message: "TWITCASTING_CLIENT_SECRET must not be empty", validation: notEmpty })
        )
      }).pipe(Config.map(appCredentials))
    )
  ),
  baseUrl: Config.string("TWITCASTING_BASE_URL").pipe(Config.withDefault(defaultBaseUrl)),
  webhookSignature: Config.option(Config.redacted("TWITCASTING_WEBHOOK_SIGNATURE")).pipe(
    Config.map(Option.getOrUndefined)
  )
})

/**
 * The running rate-limit window of the current credentials' usual bucket
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
        budget.state({ fingerprint: auth.fingerprint, bucket: "default" }),
        Option.map((state) => new RateLimit(state, { disableValidation: true }))
      ))
)
