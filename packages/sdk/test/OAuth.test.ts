/**
 * OAuth: the authorization URL and its state, redirect parsing, and the code
 * exchange against a scripted token endpoint; nothing secret in any error.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, DateTime, Duration, Effect, Redacted, TestClock } from "effect"
import { Errors, OAuth } from "../src/index.js"
import { always, baseUrl } from "./mock.js"

const state = Redacted.make("a".repeat(64))
const secret = Redacted.make("client-secret-SECRET-9999")

const renderings = (error: Errors.OAuthError) => [
  error.message,
  String(error),
  JSON.stringify(error),
  Cause.pretty(Cause.fail(error))
]

describe("OAuth.authorizationUrl", () => {
  it.effect("points at /oauth2/authorize with the client, the grant and a fresh 64-hex-digit state", () =>
    Effect.gen(function*() {
      const first = yield* OAuth.authorizationUrl({ clientId: "182224938.abc", baseUrl })
      const second = yield* OAuth.authorizationUrl({ clientId: "182224938.abc", responseType: "token" })
      const url = new URL(first.url)
      expect(url.origin + url.pathname).toBe(`${baseUrl}/oauth2/authorize`)
      expect(url.searchParams.get("client_id")).toBe("182224938.abc")
      expect(url.searchParams.get("response_type")).toBe("code")
      expect(url.searchParams.get("state")).toBe(Redacted.value(first.state))
      expect(Redacted.value(first.state)).toMatch(/^[0-9a-f]{64}$/)
      expect(Redacted.value(second.state)).not.toBe(Redacted.value(first.state))
      expect(new URL(second.url).origin).toBe("https://apiv2.twitcasting.tv")
      expect(new URL(second.url).searchParams.get("response_type")).toBe("token")
      expect(String(first.state)).not.toContain(Redacted.value(first.state))
    }))
})

describe("OAuth.parseCodeRedirect", () => {
  it.effect("gives the code when the state matches", () =>
    Effect.gen(function*() {
      const { code } = yield* OAuth.parseCodeRedirect(
        `https://example.com/callback?code=the-code&state=${Redacted.value(state)}`,
        state
      )
      expect(code).toBe("the-code")
    }))

  it.effect.each([
    { name: "another state", url: "https://example.com/callback?code=c&state=forged", reason: "state-mismatch" },
    { name: "no state", url: "https://example.com/callback?code=c", reason: "state-mismatch" },
    { name: "an error", url: "https://example.com/callback?error=access_denied", reason: "denied" },
    { name: "no code", url: `https://example.com/callback?state=${"a".repeat(64)}`, reason: "invalid-redirect" },
    { name: "not a URL", url: "callback?code=c", reason: "invalid-redirect" }
  ])("$name → OAuthError $reason", ({ reason, url }) =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(OAuth.parseCodeRedirect(url, state))
      expect(error).toBeInstanceOf(Errors.OAuthError)
      expect(error.reason).toBe(reason)
      for (const text of renderings(error)) expect(text).not.toContain(Redacted.value(state))
    }))
})

describe("OAuth.parseTokenRedirect", () => {
  it.effect("reads the token and its lifetime from the fragment; expiresAt is now + expires_in", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_700_000_000_000)
      const token = yield* OAuth.parseTokenRedirect(
        `https://example.com/callback#access_token=tok-123&token_type=bearer&expires_in=15552000&state=${
          Redacted.value(state)
        }`,
        state
      )
      expect(Redacted.value(token.token)).toBe("tok-123")
      expect(token.tokenType).toBe("bearer")
      expect(Duration.toSeconds(token.expiresIn)).toBe(15_552_000)
      expect(DateTime.toEpochMillis(token.expiresAt)).toBe(1_700_000_000_000 + 15_552_000_000)
    }))

  it.effect.each([
    { name: "another state", url: "https://e.com/cb#access_token=t&expires_in=1&state=x", reason: "state-mismatch" },
    { name: "an error in the query", url: "https://e.com/cb?error=access_denied", reason: "denied" },
    { name: "no token", url: `https://e.com/cb#expires_in=1&state=${"a".repeat(64)}`, reason: "invalid-redirect" },
    { name: "no lifetime", url: `https://e.com/cb#access_token=t&state=${"a".repeat(64)}`, reason: "invalid-redirect" }
  ])("$name → OAuthError $reason", ({ reason, url }) =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(OAuth.parseTokenRedirect(url, state))
      expect(error.reason).toBe(reason)
    }))
})

describe("OAuth.exchangeCode", () => {
  const exchange = OAuth.exchangeCode({
    code: "the-code",
    clientId: "182224938.abc",
    clientSecret: secret,
    redirectUri: "https://example.com/callback",
    baseUrl
  })

  it.effect("POSTs the form to /oauth2/access_token and decodes the token", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_000_000)
      const api = always({ body: { token_type: "bearer", expires_in: 15552000, access_token: "tok-xyz" } })
      const token = yield* exchange.pipe(Effect.provide(api.client))
      expect(api.sent).toHaveLength(1)
      const [request] = api.sent
      expect(request?.method).toBe("POST")
      expect(request?.url.toString()).toBe(`${baseUrl}/oauth2/access_token`)
      expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded")
      expect(request?.headers["authorization"]).toBeUndefined()
      expect(Redacted.value(token.token)).toBe("tok-xyz")
      expect(DateTime.toEpochMillis(token.expiresAt)).toBe(1_000_000 + 15_552_000_000)
    }))

  it.effect("sends code, grant type, client id and secret and redirect URI as the form", () =>
    Effect.gen(function*() {
      const api = always({ body: { token_type: "bearer", expires_in: 10, access_token: "t" } })
      yield* exchange.pipe(Effect.provide(api.client))
      const form = new URLSearchParams(api.sent[0]?.text ?? "")
      expect(Object.fromEntries(form)).toEqual({
        code: "the-code",
        grant_type: "authorization_code",
        client_id: "182224938.abc",
        client_secret: Redacted.value(secret),
        redirect_uri: "https://example.com/callback"
      })
    }))

  it.effect.each([
    {
      name: "a 400 with an API error",
      reply: { status: 400, body: { error: { code: 400, message: "invalid code" } } }
    },
    { name: "a 401 without a body", reply: { status: 401 } },
    { name: "a 200 that is not a token", reply: { body: { token_type: "bearer" } } },
    { name: "a 200 that is not JSON", reply: { body: "<html>oops</html>" } },
    { name: "a dropped connection", reply: { drop: true } as const }
  ])("$name → OAuthError exchange-failed, without the secret", ({ reply }) =>
    Effect.gen(function*() {
      const api = always(reply)
      const error = yield* exchange.pipe(Effect.provide(api.client), Effect.flip)
      expect(error).toBeInstanceOf(Errors.OAuthError)
      expect(error.reason).toBe("exchange-failed")
      for (const text of renderings(error)) expect(text).not.toContain(Redacted.value(secret))
    }))

  it.effect("the API's message and status are kept", () =>
    Effect.gen(function*() {
      const api = always({ status: 400, body: { error: { code: 400, message: "invalid or used code" } } })
      const error = yield* exchange.pipe(Effect.provide(api.client), Effect.flip)
      expect(error.status).toBe(400)
      expect(error.message).toContain("invalid or used code")
    }))
})
