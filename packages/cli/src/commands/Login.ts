/**
 * `twitcasting login`, `logout` and `whoami`.
 *
 * **Details**
 *
 * `login` runs the OAuth authorization-code flow: it serves the callback
 * URL on 127.0.0.1 (the app's registered callback, by default
 * `http://127.0.0.1:8788/callback`), prints the URL to open and opens a
 * browser where there is one, checks the redirect's `state`, trades the
 * code for a token with the app's client secret, checks the token with
 * `verify_credentials`, and stores it (see `Store`). The app comes from
 * `--client-id` / `--client-secret` or `TWITCASTING_CLIENT_ID` /
 * `TWITCASTING_CLIENT_SECRET`.
 *
 * @example
 * ```ts
 * import * as Login from "@effect-twitcasting/cli/commands/Login"
 *
 * const commands = Login.commands
 * ```
 *
 * @since 0.1.0
 */
import * as Auth from "@effect-twitcasting/sdk/Auth"
import * as OAuth from "@effect-twitcasting/sdk/OAuth"
import * as Users from "@effect-twitcasting/sdk/Users"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Config from "effect/Config"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { createServer } from "node:http"
import * as Browser from "../Browser.js"
import * as Credentials from "../Credentials.js"
import * as Output from "../Output.js"
import * as Store from "../Store.js"

/**
 * `login` could not run: a callback URL it cannot serve, or no answer in
 * time.
 *
 * @example
 * ```ts
 * import * as Login from "@effect-twitcasting/cli/commands/Login"
 *
 * const error = new Login.LoginError({ reason: "no answer within 5 minutes: run `twitcasting login` again" })
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class LoginError extends Schema.TaggedError<LoginError>("@effect-twitcasting/cli/LoginError")("LoginError", {
  usage: Schema.Boolean,
  reason: Schema.String
}) {
  override get message(): string {
    return this.reason
  }
}

const LoggedIn = Schema.Struct({
  screenId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("screen_id")),
  name: Schema.String,
  expiresAt: Schema.propertySignature(Schema.DateTimeUtc).pipe(Schema.fromKey("expires_at")),
  stored: Schema.String
})

/** The callback URL as a place to listen on: http, on this machine. */
const callbackOf = (redirectUri: string) =>
  Effect.try({
    try: () => new URL(redirectUri),
    catch: () => new LoginError({ usage: true, reason: `--redirect-uri ${redirectUri} is not a URL` })
  }).pipe(
    Effect.filterOrFail(
      (url) => url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname),
      () =>
        new LoginError({
          usage: true,
          reason:
            "--redirect-uri must be an http URL on this machine (http://127.0.0.1:<port>/<path>), as registered for your app"
        })
    )
  )

/**
 * `twitcasting login [--client-id] [--client-secret] [--redirect-uri]
 * [--timeout]`.
 *
 * @example
 * ```ts
 * import * as Login from "@effect-twitcasting/cli/commands/Login"
 *
 * const command = Login.login
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const login = Command.make("login", {
  clientId: Options.text("client-id").pipe(
    Options.withFallbackConfig(Config.string("TWITCASTING_CLIENT_ID")),
    Options.withDescription("Your app's client id (default: TWITCASTING_CLIENT_ID)")
  ),
  clientSecret: Options.redacted("client-secret").pipe(
    Options.withFallbackConfig(Config.redacted("TWITCASTING_CLIENT_SECRET")),
    Options.withDescription("Your app's client secret (default: TWITCASTING_CLIENT_SECRET)")
  ),
  redirectUri: Options.text("redirect-uri").pipe(
    Options.withDefault("http://127.0.0.1:8788/callback"),
    Options.withDescription("The callback URL registered for your app, on 127.0.0.1")
  ),
  timeout: Options.integer("timeout").pipe(
    Options.withDefault(300),
    Options.withDescription("Seconds to wait for the browser")
  )
}, ({ clientId, clientSecret, redirectUri, timeout }) =>
  Effect.gen(function*() {
    const baseUrl = yield* Credentials.baseUrl
    const callback = yield* callbackOf(redirectUri)
    const { state, url } = yield* OAuth.authorizationUrl({ clientId, baseUrl })
    const arrived = yield* Deferred.make<string>()
    const server = yield* NodeHttpServer.make(() => createServer(), {
      host: callback.hostname.replace(/^\[|\]$/g, ""),
      port: Number(callback.port || 80)
    })
    yield* server.serve(
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const received = new URL(request.url, callback.origin)
        if (received.pathname !== callback.pathname) return HttpServerResponse.text("not found", { status: 404 })
        yield* Deferred.succeed(arrived, received.toString())
        return HttpServerResponse.text("twitcasting: done, you can close this tab and go back to the terminal.")
      })
    )
    yield* Output.notice("Open this URL in a browser to log in to TwitCasting:")
    yield* Output.notice(`  ${url}`)
    const browser = yield* Browser.Browser
    if (yield* browser.open(url)) yield* Output.notice("(opened in your browser)")
    const answer = yield* Deferred.await(arrived).pipe(
      Effect.timeoutFail({
        duration: Duration.seconds(timeout),
        onTimeout: () =>
          new LoginError({ usage: false, reason: `no answer within ${timeout} s: run \`twitcasting login\` again` })
      })
    )
    const { code } = yield* OAuth.parseCodeRedirect(answer, state)
    const token = yield* OAuth.exchangeCode({ code, clientId, clientSecret, redirectUri, baseUrl })
    const me = yield* Users.verifyCredentials().pipe(
      Effect.provideServiceEffect(Auth.Auth, Credentials.forToken(token.token, baseUrl))
    )
    const store = yield* Store.Store
    yield* store.save(
      Store.Stored.make({ token: token.token, screenId: me.user.screenId, baseUrl, expiresAt: token.expiresAt })
    )
    const at = yield* Output.localTime
    yield* Output.line(
      LoggedIn,
      { screenId: me.user.screenId, name: me.user.name, expiresAt: token.expiresAt, stored: store.path },
      `logged in as ${me.user.name} (@${me.user.screenId}); the token is in ${store.path}, valid until ${
        at(token.expiresAt)
      }`
    )
  }).pipe(Effect.scoped)).pipe(Command.withDescription("Log in with your browser and store the token"))

/**
 * `twitcasting logout`: forgets the stored token.
 *
 * @example
 * ```ts
 * import * as Login from "@effect-twitcasting/cli/commands/Login"
 *
 * const command = Login.logout
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const logout = Command.make("logout", {}, () =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    const removed = yield* store.remove
    yield* Output.line(
      Schema.Struct({ removed: Schema.Boolean }),
      { removed },
      removed ? `logged out (removed ${store.path})` : "not logged in"
    )
  })).pipe(Command.withDescription("Forget the stored token"))

/**
 * `twitcasting whoami`: the token's user and app (`verify_credentials`).
 *
 * @example
 * ```ts
 * import * as Login from "@effect-twitcasting/cli/commands/Login"
 *
 * const command = Login.whoami
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const whoami = Command.make("whoami", {}, () =>
  Effect.gen(function*() {
    const me = yield* Users.verifyCredentials()
    yield* Output.record(Users.Credentials, me, [
      ["name", me.user.name],
      ["screen id", `@${me.user.screenId}`],
      ["id", me.user.id],
      ["app", `${me.app.name} (${me.app.clientId})`],
      ["supporters", String(me.supporterCount)],
      ["supporting", String(me.supportingCount)]
    ])
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Show whom the token belongs to"))

/**
 * `login`, `logout`, `whoami`.
 *
 * @example
 * ```ts
 * import * as Login from "@effect-twitcasting/cli/commands/Login"
 *
 * const count = Login.commands.length
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const commands = [login, logout, whoami] as const
