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
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { defaultBaseUrl } from "./Auth.js"
import { OAuthError } from "./Errors.js"
import { readAtMost } from "./internal/body.js"
import { userAgent } from "./internal/version.js"

/**
 * An access token and when it expires.
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
export interface AccessToken {
  /** Give it to `Auth.userToken`. */
  readonly token: Redacted.Redacted<string>
  /** `"bearer"`. */
  readonly tokenType: string
  readonly expiresIn: Duration.Duration
  readonly expiresAt: DateTime.Utc
}

/**
 * Which grant to ask for.
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

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")

/**
 * The URL to send a user to, and the `state` to expect back.
 *
 * **Details**
 *
 * `state` is 32 bytes from the platform's cryptographic random source, as
 * 64 hex characters. The service redirects to the callback URL registered
 * for the app.
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
    const url = new URL("/oauth2/authorize", options.baseUrl ?? defaultBaseUrl)
    url.searchParams.set("client_id", options.clientId)
    url.searchParams.set("response_type", options.responseType ?? "code")
    url.searchParams.set("state", state)
    return { url: url.toString(), state: Redacted.make(state) }
  })

const encoder = new TextEncoder()

const sameState = (received: string | null, expected: Redacted.Redacted<string>): boolean => {
  if (received === null) return false
  const x = encoder.encode(received)
  const y = encoder.encode(Redacted.value(expected))
  let difference = x.length ^ y.length
  for (let i = 0; i < Math.max(x.length, y.length); i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return difference === 0
}

/** The parameters of a redirect, after checking its error and state. */
const checkRedirect = (params: URLSearchParams, expected: Redacted.Redacted<string>) =>
  Effect.suspend(() => {
    const error = params.get("error")
    if (error !== null) {
      return Effect.fail(new OAuthError({ reason: "denied", description: `the authorization was refused (${error})` }))
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
 * The code of an authorization-code redirect, once its `state` matched.
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
  Effect.map(DateTime.now, (now): AccessToken => ({
    token: Redacted.make(token),
    tokenType,
    expiresIn: Duration.seconds(expiresInSeconds),
    expiresAt: DateTime.add(now, { seconds: expiresInSeconds })
  }))

/**
 * The access token of an implicit-grant redirect (in its fragment), once
 * its `state` matched.
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
      const expiresIn = Number(params.get("expires_in"))
      return token === null || token === "" || !Number.isFinite(expiresIn) || expiresIn <= 0
        ? Effect.fail(
          new OAuthError({ reason: "invalid-redirect", description: "the redirect has no access token and lifetime" })
        )
        : toAccessToken(token, params.get("token_type") ?? "bearer", expiresIn)
    })
  )

const TokenAnswer = Schema.parseJson(Schema.Struct({
  token_type: Schema.String,
  expires_in: Schema.Number.pipe(Schema.positive()),
  access_token: Schema.String.pipe(Schema.minLength(1))
}))
const decodeAnswer = Schema.decodeUnknownOption(TokenAnswer)
const ApiErrorBody = Schema.parseJson(Schema.Struct({ error: Schema.Struct({ message: Schema.String }) }))
const decodeApiError = Schema.decodeUnknownOption(ApiErrorBody)

/** A token answer is tiny; anything larger is not one. */
const maxAnswer = 64 * 1024

const exchangeFailed = (description: string, status?: number) =>
  new OAuthError({ reason: "exchange-failed", description, ...(status === undefined ? {} : { status }) })

/**
 * Trades an authorization code for an access token (server side: it sends
 * the app's client secret).
 *
 * **Gotchas**
 *
 * A code works once. `redirectUri` must be the callback URL registered for
 * the app. Every failure is an `OAuthError` `"exchange-failed"`: with the
 * status and the API's message when it answered, without the request when
 * it could not be reached (the request's body holds the client secret).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { OAuth } from "@effect-twitcasting/sdk"
 *
 * const token = OAuth.exchangeCode({
 *   code: "abc",
 *   clientId: "182224938.abc",
 *   clientSecret: Redacted.make("app-secret"),
 *   redirectUri: "https://example.com/callback"
 * })
 * ```
 *
 * @category token
 * @since 0.1.0
 */
export const exchangeCode = Effect.fn("OAuth.exchangeCode")(function*(options: {
  readonly code: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly redirectUri: string
  readonly baseUrl?: string | undefined
}) {
  const client = yield* HttpClient.HttpClient
  const request = HttpClientRequest.post(
    new URL("/oauth2/access_token", options.baseUrl ?? defaultBaseUrl).toString(),
    {
      headers: { accept: "application/json", "user-agent": userAgent }
    }
  ).pipe(HttpClientRequest.bodyUrlParams({
    code: options.code,
    grant_type: "authorization_code",
    client_id: options.clientId,
    client_secret: Redacted.value(options.clientSecret),
    redirect_uri: options.redirectUri
  }))
  const response = yield* client.execute(request).pipe(
    // the request holds the secret in its body: keep it out of the error
    Effect.mapError(() => exchangeFailed("the token endpoint could not be reached"))
  )
  const text = yield* readAtMost(response.stream, maxAnswer).pipe(
    Effect.map((bytes) => new TextDecoder().decode(bytes)),
    Effect.mapError(() => exchangeFailed("the answer could not be read", response.status))
  )
  if (response.status < 200 || response.status >= 300) {
    const message = Option.match(decodeApiError(text), {
      onNone: () => "",
      onSome: (body) => `: ${body.error.message}`
    })
    return yield* exchangeFailed(`the token endpoint answered ${response.status}${message}`, response.status)
  }
  const answer = decodeAnswer(text)
  if (Option.isNone(answer)) return yield* exchangeFailed("the answer is not a token", response.status)
  return yield* toAccessToken(answer.value.access_token, answer.value.token_type, answer.value.expires_in)
})
