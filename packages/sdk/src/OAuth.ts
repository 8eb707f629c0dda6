/**
 * OAuth 2 for TwitCasting: the authorization URL with a random `state`, the
 * exchange of a code for an access token, and the parsing of the redirect
 * the user comes back with.
 *
 * **Details**
 *
 * Two grants exist:
 *
 * - authorization code (`responseType: "code"`, the default): the redirect
 *   carries `?code=..&state=..`; {@link parseCodeRedirect} checks the state
 *   and {@link exchangeCode} trades the code for a token with the app's
 *   secret, server side;
 * - implicit (`responseType: "token"`): the redirect's fragment carries
 *   `#access_token=..&token_type=bearer&expires_in=..&state=..`;
 *   {@link parseTokenRedirect} checks the state and reads the token.
 *
 * Tokens live about 180 days and cannot be refreshed. Keep the `state` of
 * {@link authorizationUrl} (e.g. in the user's session) to compare with the
 * redirect's: it is the guard against cross-site request forgery.
 *
 * **Gotchas**
 *
 * The state, the client secret and the token are `Redacted`, and no
 * `OAuthError` carries any of them (nor the code).
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { Auth, OAuth, Users } from "@effect-twitcasting/sdk"
 *
 * const login = Effect.gen(function*() {
 *   const { state, url } = yield* OAuth.authorizationUrl({ clientId: "182224938.abc" })
 *   // send the user to `url`; when they come back to your callback:
 *   const { code } = yield* OAuth.parseCodeRedirect("https://example.com/callback?code=xyz&state=...", state)
 *   const token = yield* OAuth.exchangeCode({
 *     code,
 *     clientId: "182224938.abc",
 *     clientSecret: Redacted.make("app-secret"),
 *     redirectUri: "https://example.com/callback"
 *   })
 *   return yield* Users.verifyCredentials().pipe(Effect.provide(Auth.layer({ credentials: Auth.userToken(token.token) })))
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#authorization
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { defaultBaseUrl } from "./Auth.js"
import { OAuthError } from "./Errors.js"
import { readAtMost, TooLarge } from "./internal/body.js"
import { userAgent } from "./internal/version.js"

/**
 * An access token, its type and lifetime, and when it expires.
 *
 * **Details**
 *
 * `expiresAt` is the time the token was received (Effect's `Clock`, so a
 * `TestClock` controls it) plus `expiresIn`. `token` is `Redacted`: printing,
 * logging or `JSON.stringify`-ing an `AccessToken` never shows it.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import type { OAuth } from "@effect-twitcasting/sdk"
 *
 * const expiresSoon = (token: OAuth.AccessToken, now: DateTime.Utc) =>
 *   DateTime.lessThan(token.expiresAt, DateTime.add(now, { days: 7 }))
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export class AccessToken extends Schema.Class<AccessToken>("AccessToken")({
  /** Give it to `Auth.userToken`. */
  token: Schema.RedactedFromSelf(Schema.String),
  /** `"bearer"`. */
  tokenType: Schema.String,
  /** The lifetime the service gave (about 180 days). */
  expiresIn: Schema.DurationFromSelf,
  /** When the token stops working. */
  expiresAt: Schema.DateTimeUtcFromSelf
}) {}

/**
 * Which grant to ask for: `"code"` (authorization code) or `"token"`
 * (implicit).
 *
 * @example
 * ```ts
 * import type { OAuth } from "@effect-twitcasting/sdk"
 *
 * const implicit: OAuth.ResponseType = "token"
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type ResponseType = "code" | "token"

const trimBase = (baseUrl: string | undefined) => (baseUrl ?? defaultBaseUrl).replace(/\/+$/, "")

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")

/**
 * The URL to send a user to, and the `state` to expect back.
 *
 * **When to use**
 *
 * To start either grant. Keep `state` until the user comes back, and give
 * it to {@link parseCodeRedirect} or {@link parseTokenRedirect}.
 *
 * **Details**
 *
 * `state` is 32 bytes from `globalThis.crypto.getRandomValues`, as 64 hex
 * characters, drawn anew each time the effect runs. `responseType` is
 * `"code"` unless given; `baseUrl` is `Auth.defaultBaseUrl` unless given
 * (point it at the simulator in tests).
 *
 * **Gotchas**
 *
 * The service redirects to the callback URL registered for the app; there
 * is no `redirect_uri` parameter here.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OAuth } from "@effect-twitcasting/sdk"
 *
 * const start = Effect.map(OAuth.authorizationUrl({ clientId: "182224938.abc", responseType: "token" }), ({ url }) => url)
 * ```
 *
 * @category authorization
 * @since 0.1.0
 */
export const authorizationUrl = (options: {
  readonly clientId: string
  readonly responseType?: ResponseType | undefined
  readonly baseUrl?: string | undefined
}): Effect.Effect<{ readonly url: string; readonly state: Redacted.Redacted<string> }> =>
  Effect.sync(() => {
    const state = hex(globalThis.crypto.getRandomValues(new Uint8Array(32)))
    const query = new URLSearchParams({
      client_id: options.clientId,
      response_type: options.responseType ?? "code",
      state
    })
    return { url: `${trimBase(options.baseUrl)}/oauth2/authorize?${query.toString()}`, state: Redacted.make(state) }
  })

const encoder = new TextEncoder()

/** Compares in time that depends on the lengths only, not on where they differ. */
const sameState = (received: string | null, expected: Redacted.Redacted<string>): boolean => {
  if (received === null) return false
  const x = encoder.encode(received)
  const y = encoder.encode(Redacted.value(expected))
  let difference = x.length ^ y.length
  for (let i = 0; i < Math.max(x.length, y.length); i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return difference === 0 && y.length > 0
}

/** The `error` of a redirect as a short, printable code (it comes from the URL: anyone can write it). */
const errorCode = (error: string) => {
  const code = error.replace(/[^\w.-]/g, "").slice(0, 64)
  return code === "" ? "no code" : code
}

/** The parameters of a redirect, after checking its error and state. */
const checkRedirect = (params: URLSearchParams, expected: Redacted.Redacted<string>) =>
  Effect.suspend(() => {
    const error = params.get("error")
    if (error !== null) {
      return Effect.fail(
        new OAuthError({ reason: "denied", description: `the authorization was refused (${errorCode(error)})` })
      )
    }
    if (!params.has("state")) {
      return Effect.fail(new OAuthError({ reason: "state-mismatch", description: "the redirect has no state" }))
    }
    if (!sameState(params.get("state"), expected)) {
      return Effect.fail(
        new OAuthError({ reason: "state-mismatch", description: "the redirect's state is not the one sent" })
      )
    }
    return Effect.succeed(params)
  })

const parseUrl = (redirectUrl: string) =>
  Effect.try({
    try: () => new URL(redirectUrl),
    catch: () => new OAuthError({ reason: "invalid-redirect", description: "the redirect is not a URL" })
  })

/**
 * The code of an authorization-code redirect (`?code=..&state=..`), once
 * its `state` matched the one sent.
 *
 * **Details**
 *
 * Fails with `OAuthError`: `"denied"` when the redirect has an `error`
 * (e.g. `?error=access_denied`), `"state-mismatch"` when its state is
 * missing or not the expected one (compared in constant time),
 * `"invalid-redirect"` when it is not a URL or has no code.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { OAuth } from "@effect-twitcasting/sdk"
 *
 * const code = OAuth.parseCodeRedirect("https://example.com/callback?code=abc&state=s1", Redacted.make("s1"))
 * ```
 *
 * @category authorization
 * @since 0.1.0
 */
export const parseCodeRedirect = (
  redirectUrl: string,
  expectedState: Redacted.Redacted<string>
): Effect.Effect<{ readonly code: string }, OAuthError> =>
  parseUrl(redirectUrl).pipe(
    Effect.flatMap((url) => checkRedirect(url.searchParams, expectedState)),
    Effect.flatMap((params) => {
      const code = params.get("code")
      return code === null || code === ""
        ? Effect.fail(new OAuthError({ reason: "invalid-redirect", description: "the redirect has no code" }))
        : Effect.succeed({ code })
    })
  )

const toAccessToken = (token: string, tokenType: string, expiresInSeconds: number) =>
  Effect.map(DateTime.now, (now) =>
    new AccessToken({
      token: Redacted.make(token),
      tokenType,
      expiresIn: Duration.seconds(expiresInSeconds),
      expiresAt: DateTime.add(now, { seconds: expiresInSeconds })
    }))

/**
 * The access token of an implicit-grant redirect, read from its fragment
 * (`#access_token=..&token_type=bearer&expires_in=..&state=..`), once its
 * `state` matched the one sent.
 *
 * **Details**
 *
 * The same checks as {@link parseCodeRedirect}; an `error` is looked for in
 * the query and in the fragment. `"invalid-redirect"` when the fragment has
 * no token or no positive `expires_in`. `expiresAt` is now (Effect's
 * `Clock`) plus `expires_in`.
 *
 * **Gotchas**
 *
 * Browsers do not send the fragment to servers: read the URL in the page
 * (e.g. `window.location.href`) and hand it over.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { OAuth } from "@effect-twitcasting/sdk"
 *
 * const token = OAuth.parseTokenRedirect(
 *   "https://example.com/callback#access_token=t&token_type=bearer&expires_in=15552000&state=s1",
 *   Redacted.make("s1")
 * )
 * ```
 *
 * @category authorization
 * @since 0.1.0
 */
export const parseTokenRedirect = (
  redirectUrl: string,
  expectedState: Redacted.Redacted<string>
): Effect.Effect<AccessToken, OAuthError> =>
  parseUrl(redirectUrl).pipe(
    Effect.flatMap((url) => {
      const fragment = new URLSearchParams(url.hash.replace(/^#/, ""))
      // an error comes back in the query or in the fragment
      return url.searchParams.has("error")
        ? checkRedirect(url.searchParams, expectedState)
        : checkRedirect(fragment, expectedState)
    }),
    Effect.flatMap((params) => {
      const token = params.get("access_token")
      const lifetime = params.get("expires_in")
      const expiresIn = lifetime === null || lifetime.trim() === "" ? NaN : Number(lifetime)
      if (token === null || token === "") {
        return Effect.fail(new OAuthError({ reason: "invalid-redirect", description: "the redirect has no token" }))
      }
      if (!Number.isFinite(expiresIn) || expiresIn <= 0) {
        return Effect.fail(
          new OAuthError({ reason: "invalid-redirect", description: "the redirect has no valid expires_in" })
        )
      }
      return toAccessToken(token, params.get("token_type") ?? "bearer", expiresIn)
    })
  )

const TokenAnswer = Schema.parseJson(Schema.Struct({
  token_type: Schema.String,
  expires_in: Schema.Number.pipe(Schema.finite(), Schema.positive()),
  access_token: Schema.String.pipe(Schema.minLength(1))
}))
const decodeAnswer = Schema.decodeUnknownOption(TokenAnswer)

/** The API's error body, or the one of RFC 6749 (`{"error": "invalid_grant", "error_description": ".."}`). */
const ErrorAnswer = Schema.parseJson(Schema.Union(
  Schema.Struct({ error: Schema.Struct({ message: Schema.String }) }),
  Schema.Struct({ error: Schema.String, error_description: Schema.optional(Schema.String) })
))
const decodeErrorAnswer = Schema.decodeUnknownOption(ErrorAnswer)

/** A token answer is tiny; anything larger is not one. */
const maxAnswer = 64 * 1024

const exchangeFailed = (description: string, status?: number) =>
  new OAuthError({ reason: "exchange-failed", description, ...(status === undefined ? {} : { status }) })

/**
 * Options of {@link exchangeCode}.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import type { OAuth } from "@effect-twitcasting/sdk"
 *
 * const options: OAuth.ExchangeOptions = {
 *   code: "abc",
 *   clientId: "182224938.abc",
 *   clientSecret: Redacted.make("app-secret"),
 *   redirectUri: "https://example.com/callback"
 * }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface ExchangeOptions {
  /** The code of the redirect, from {@link parseCodeRedirect}. */
  readonly code: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** The callback URL registered for the app. */
  readonly redirectUri: string
  /** Defaults to `Auth.defaultBaseUrl`. */
  readonly baseUrl?: string | undefined
}

/**
 * Trades an authorization code for an access token: `POST
 * /oauth2/access_token` with the form `code`, `grant_type`, `client_id`,
 * `client_secret` and `redirect_uri`.
 *
 * **When to use**
 *
 * Server side, after {@link parseCodeRedirect}: it sends the app's client
 * secret, which must never reach a browser.
 *
 * **Details**
 *
 * A non-2xx answer fails with `OAuthError` `"exchange-failed"` carrying the
 * HTTP status and the API's error message; a 2xx answer that is not
 * `{token_type, expires_in, access_token}` fails the same way. A transport
 * failure is an `HttpClientError.RequestError`, as for every other call.
 * The call is never retried (a code works once). Traced as
 * `OAuth.exchangeCode`.
 *
 * **Gotchas**
 *
 * A code works once. `redirectUri` must be the callback URL registered for
 * the app. No error carries the client secret or the token: a transport
 * failure holds a copy of the request without its body (the form holds
 * the secret).
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { OAuth } from "@effect-twitcasting/sdk"
 *
 * const token = OAuth.exchangeCode({
 *   code: "abc",
 *   clientId: "182224938.abc",
 *   clientSecret: Redacted.make("app-secret"),
 *   redirectUri: "https://example.com/callback"
 * }).pipe(Effect.catchTag("OAuthError", (error) => Effect.logError(error.message)))
 * ```
 *
 * @category token
 * @since 0.1.0
 */
export const exchangeCode: (
  options: ExchangeOptions
) => Effect.Effect<AccessToken, OAuthError | HttpClientError.HttpClientError, HttpClient.HttpClient> = Effect.fn(
  "OAuth.exchangeCode"
)(function*(options: ExchangeOptions) {
  const client = yield* HttpClient.HttpClient
  const url = `${trimBase(options.baseUrl)}/oauth2/access_token`
  const headers = { accept: "application/json", "user-agent": userAgent }
  // what errors hold instead of the request: its form holds the secret
  const shown = HttpClientRequest.post(url, { headers })
  const transport = (description: string, cause: unknown) =>
    new HttpClientError.RequestError({ request: shown, reason: "Transport", cause, description })
  const request = HttpClientRequest.post(url, { headers }).pipe(HttpClientRequest.bodyUrlParams({
    code: options.code,
    grant_type: "authorization_code",
    client_id: options.clientId,
    client_secret: Redacted.value(options.clientSecret),
    redirect_uri: options.redirectUri
  }))
  const response = yield* HttpClient.withTracerDisabledWhen(client, () => true).execute(request).pipe(
    Effect.mapError((error) =>
      error._tag === "RequestError"
        ? new HttpClientError.RequestError({
          request: shown,
          reason: error.reason,
          cause: error.cause,
          ...(error.description === undefined ? {} : { description: error.description })
        })
        : transport(`the answer could not be read (${error.reason})`, error.cause)
    )
  )
  const status = response.status
  const text = yield* readAtMost(
    // no body at all reads as an empty one
    Stream.catchAll(response.stream, (error) => error.reason === "EmptyBody" ? Stream.empty : Stream.fail(error)),
    maxAnswer
  ).pipe(
    Effect.map((bytes) => new TextDecoder().decode(bytes)),
    Effect.mapError((error) =>
      error instanceof TooLarge
        ? exchangeFailed(`the answer is larger than ${maxAnswer} bytes`, status)
        : transport(`the answer could not be read (${error.reason})`, error.cause)
    )
  )
  if (status < 200 || status >= 300) {
    const message = Option.match(decodeErrorAnswer(text), {
      onNone: () => "",
      onSome: (body) =>
        `: ${
          typeof body.error === "string"
            ? ("error_description" in body && body.error_description !== undefined
              ? body.error_description
              : body.error)
            : body.error.message
        }`
    })
    // the message is the server's: make sure it does not echo the secret
    const safe = message.split(Redacted.value(options.clientSecret)).join("<redacted>").slice(0, 300)
    return yield* exchangeFailed(`the token endpoint answered ${status}${safe}`, status)
  }
  const answer = decodeAnswer(text)
  if (Option.isNone(answer)) {
    return yield* exchangeFailed(
      text.trim() === ""
        ? "the answer is empty"
        : "the answer is not a token ({token_type, expires_in, access_token})",
      status
    )
  }
  return yield* toAccessToken(answer.value.access_token, answer.value.token_type, answer.value.expires_in)
})
