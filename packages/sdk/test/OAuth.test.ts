/**
 * OAuth: the authorization URL and its state, redirect parsing (query for
 * the code grant, fragment for the implicit grant), and the code exchange
 * against a scripted token endpoint; no secret, token or state in any
 * error, log or span.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, DateTime, Duration, Effect, Redacted, TestClock } from "effect"
import { inspect } from "node:util"
import { Errors, OAuth } from "../src/index.js"
import { userAgent } from "../src/internal/version.js"
import { capture } from "./capture.js"
import { always, baseUrl, mock, type Reply } from "./mock.js"

const stateValue = "a1".repeat(32)
const state = Redacted.make(stateValue)
const secret = Redacted.make("client-secret-SECRET-9999")
const issuedToken = "access-token-SECRET-4242"
const secrets = [Redacted.value(secret), issuedToken, stateValue]

/** Every way an error is commonly shown. */
const renderings = (error: unknown) => [
  error instanceof Error ? error.message : "",
  String(error),
  JSON.stringify(error),
  inspect(error, { depth: 10 }),
  Cause.pretty(Cause.fail(error))
]

const expectNothingSecret = (error: unknown) => {
  for (const text of renderings(error)) for (const value of secrets) expect(text).not.toContain(value)
}

describe("OAuth.authorizationUrl", () => {
  it.effect("points at /oauth2/authorize with client_id, response_type=code and the state", () =>
    Effect.gen(function*() {
      const { state, url } = yield* OAuth.authorizationUrl({ clientId: "182224938.abc", baseUrl })
      const parsed = new URL(url)
      expect(parsed.origin + parsed.pathname).toBe(`${baseUrl}/oauth2/authorize`)
      expect(Array.from(parsed.searchParams.keys()).sort()).toEqual(["client_id", "response_type", "state"])
      expect(parsed.searchParams.get("client_id")).toBe("182224938.abc")
      expect(parsed.searchParams.get("response_type")).toBe("code")
      expect(parsed.searchParams.get("state")).toBe(Redacted.value(state))
    }))

  it.effect("the state is 64 hex characters (32 random bytes), fresh on every run, and redacted", () =>
    Effect.gen(function*() {
      const start = OAuth.authorizationUrl({ clientId: "182224938.abc" })
      const states = yield* Effect.map(Effect.replicateEffect(start, 20), (runs) => runs.map((run) => run.state))
      for (const state of states) expect(Redacted.value(state)).toMatch(/^[0-9a-f]{64}$/)
      expect(new Set(states.map(Redacted.value)).size).toBe(20)
      expect(String(states[0])).not.toContain(Redacted.value(states[0]!))
      expect(JSON.stringify({ state: states[0] })).not.toContain(Redacted.value(states[0]!))
    }))

  it.effect("asks for the implicit grant, on the real API by default", () =>
    Effect.gen(function*() {
      const { url } = yield* OAuth.authorizationUrl({ clientId: "182224938.abc", responseType: "token" })
      const parsed = new URL(url)
      expect(parsed.origin + parsed.pathname).toBe("https://apiv2.twitcasting.tv/oauth2/authorize")
      expect(parsed.searchParams.get("response_type")).toBe("token")
    }))

  it.effect("keeps a base URL's path and drops its trailing slash; encodes the client id", () =>
    Effect.gen(function*() {
      const { url } = yield* OAuth.authorizationUrl({ clientId: "a b&c", baseUrl: "http://proxy.test/tc/" })
      const parsed = new URL(url)
      expect(parsed.origin + parsed.pathname).toBe("http://proxy.test/tc/oauth2/authorize")
      expect(parsed.searchParams.get("client_id")).toBe("a b&c")
    }))
})

describe("OAuth.parseCodeRedirect", () => {
  it.effect("gives the code when the state matches", () =>
    Effect.gen(function*() {
      const { code } = yield* OAuth.parseCodeRedirect(
        `https://example.com/callback?code=the-code&state=${stateValue}`,
        state
      )
      expect(code).toBe("the-code")
    }))

  it.effect.each([
    { name: "another state", url: "https://example.com/callback?code=c&state=forged", reason: "state-mismatch" },
    {
      name: "a state one character off",
      url: `https://example.com/callback?code=c&state=${stateValue.slice(0, -1)}0`,
      reason: "state-mismatch"
    },
    {
      name: "a longer state",
      url: `https://example.com/callback?code=c&state=${stateValue}0`,
      reason: "state-mismatch"
    },
    { name: "no state", url: "https://example.com/callback?code=c", reason: "state-mismatch" },
    { name: "an empty state", url: "https://example.com/callback?code=c&state=", reason: "state-mismatch" },
    {
      name: "the state in the fragment only",
      url: `https://example.com/callback?code=c#state=${stateValue}`,
      reason: "state-mismatch"
    },
    { name: "an error", url: "https://example.com/callback?error=access_denied", reason: "denied" },
    {
      name: "an error with the right state",
      url: `https://example.com/callback?error=access_denied&state=${stateValue}`,
      reason: "denied"
    },
    { name: "no code", url: `https://example.com/callback?state=${stateValue}`, reason: "invalid-redirect" },
    {
      name: "an empty code",
      url: `https://example.com/callback?code=&state=${stateValue}`,
      reason: "invalid-redirect"
    },
    { name: "not a URL", url: "callback?code=c", reason: "invalid-redirect" }
  ])("$name → OAuthError $reason", ({ reason, url }) =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(OAuth.parseCodeRedirect(url, state))
      expect(error).toBeInstanceOf(Errors.OAuthError)
      expect(error._tag).toBe("OAuthError")
      expect(error.reason).toBe(reason)
      expect(error.status).toBeUndefined()
      expect(error.message).toBe(`OAuth (${reason}): ${error.description}`)
      expectNothingSecret(error)
    }))

  it.effect("the denial names the error code the service gave, and nothing an attacker can smuggle", () =>
    Effect.gen(function*() {
      const denied = yield* Effect.flip(
        OAuth.parseCodeRedirect("https://example.com/callback?error=access_denied", state)
      )
      expect(denied.description).toContain("access_denied")
      const smuggled = yield* Effect.flip(
        OAuth.parseCodeRedirect(`https://example.com/callback?error=${encodeURIComponent("x\n<script>")}`, state)
      )
      expect(smuggled.description).not.toMatch(/[\n<>]/)
    }))
})

describe("OAuth.parseTokenRedirect", () => {
  const fragment = (params: Record<string, string>) => `https://example.com/callback#${new URLSearchParams(params)}`
  const full = { access_token: issuedToken, token_type: "bearer", expires_in: "15552000", state: stateValue }

  it.effect("reads the token from the fragment; expiresAt is now (TestClock) + expires_in", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_700_000_000_000)
      const token = yield* OAuth.parseTokenRedirect(fragment(full), state)
      expect(token).toBeInstanceOf(OAuth.AccessToken)
      expect(Redacted.value(token.token)).toBe(issuedToken)
      expect(token.tokenType).toBe("bearer")
      expect(Duration.toSeconds(token.expiresIn)).toBe(15_552_000)
      expect(DateTime.toEpochMillis(token.expiresAt)).toBe(1_700_000_000_000 + 15_552_000_000)
      yield* TestClock.adjust("1 hour")
      const later = yield* OAuth.parseTokenRedirect(fragment(full), state)
      expect(DateTime.toEpochMillis(later.expiresAt)).toBe(1_700_000_000_000 + 3_600_000 + 15_552_000_000)
    }))

  it.effect("an AccessToken never shows its token", () =>
    Effect.gen(function*() {
      const token = yield* OAuth.parseTokenRedirect(fragment(full), state)
      expect(String(token)).not.toContain(issuedToken)
      expect(JSON.stringify(token)).not.toContain(issuedToken)
      expect(inspect(token, { depth: 10 })).not.toContain(issuedToken)
    }))

  it.effect.each([
    { name: "another state", url: fragment({ ...full, state: "forged" }), reason: "state-mismatch" },
    {
      name: "no state",
      url: fragment({ access_token: issuedToken, token_type: "bearer", expires_in: "10" }),
      reason: "state-mismatch"
    },
    {
      name: "the state in the query only",
      url: `https://example.com/callback?state=${stateValue}#access_token=${issuedToken}&expires_in=10`,
      reason: "state-mismatch"
    },
    { name: "an error in the query", url: "https://example.com/callback?error=access_denied", reason: "denied" },
    {
      name: "an error in the fragment",
      url: fragment({ error: "access_denied", state: stateValue }),
      reason: "denied"
    },
    { name: "no fragment", url: "https://example.com/callback", reason: "state-mismatch" },
    {
      name: "the token in the query, not the fragment",
      url: `https://example.com/callback?access_token=${issuedToken}&expires_in=10&state=${stateValue}`,
      reason: "state-mismatch"
    },
    { name: "no token", url: fragment({ expires_in: "10", state: stateValue }), reason: "invalid-redirect" },
    {
      name: "no lifetime",
      url: fragment({ access_token: issuedToken, state: stateValue }),
      reason: "invalid-redirect"
    },
    {
      name: "a lifetime that is not a number",
      url: fragment({ ...full, expires_in: "soon" }),
      reason: "invalid-redirect"
    },
    { name: "a zero lifetime", url: fragment({ ...full, expires_in: "0" }), reason: "invalid-redirect" },
    { name: "not a URL", url: "#access_token=t", reason: "invalid-redirect" }
  ])("$name → OAuthError $reason", ({ reason, url }) =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(OAuth.parseTokenRedirect(url, state))
      expect(error).toBeInstanceOf(Errors.OAuthError)
      expect(error.reason).toBe(reason)
      expectNothingSecret(error)
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
  const tokenBody = { token_type: "bearer", expires_in: 15552000, access_token: issuedToken }

  it.effect("POSTs the form to /oauth2/access_token, once, with accept and User-Agent, and no Authorization", () =>
    Effect.gen(function*() {
      const api = always({ body: tokenBody })
      yield* exchange.pipe(Effect.provide(api.client))
      expect(api.sent).toHaveLength(1)
      const [request] = api.sent
      expect(request?.method).toBe("POST")
      expect(request?.url.toString()).toBe(`${baseUrl}/oauth2/access_token`)
      expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded")
      expect(request?.headers["accept"]).toBe("application/json")
      expect(request?.headers["user-agent"]).toBe(userAgent)
      expect(request?.headers["authorization"]).toBeUndefined()
    }))

  it.effect("sends exactly code, grant_type, client_id, client_secret and redirect_uri as the form", () =>
    Effect.gen(function*() {
      const api = always({ body: tokenBody })
      yield* OAuth.exchangeCode({
        code: "c&o=de",
        clientId: "182224938.abc",
        clientSecret: secret,
        redirectUri: "https://example.com/callback?x=1",
        baseUrl: `${baseUrl}/`
      }).pipe(Effect.provide(api.client))
      expect(api.sent[0]?.url.toString()).toBe(`${baseUrl}/oauth2/access_token`)
      const form = new URLSearchParams(api.sent[0]?.text ?? "")
      expect(Array.from(form).sort(([a], [b]) => a.localeCompare(b))).toEqual([
        ["client_id", "182224938.abc"],
        ["client_secret", Redacted.value(secret)],
        ["code", "c&o=de"],
        ["grant_type", "authorization_code"],
        ["redirect_uri", "https://example.com/callback?x=1"]
      ])
    }))

  it.effect("decodes the token; expiresAt is now (TestClock) + expires_in", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_000_000)
      const api = always({ body: tokenBody })
      const token = yield* exchange.pipe(Effect.provide(api.client))
      expect(token).toBeInstanceOf(OAuth.AccessToken)
      expect(Redacted.value(token.token)).toBe(issuedToken)
      expect(token.tokenType).toBe("bearer")
      expect(Duration.toMillis(token.expiresIn)).toBe(15_552_000_000)
      expect(DateTime.toEpochMillis(token.expiresAt)).toBe(1_000_000 + 15_552_000_000)
    }))

  it.effect("is traced as OAuth.exchangeCode, and no span or log shows the secret or the token", () =>
    Effect.gen(function*() {
      const { layer, records } = capture()
      const ok = always({ body: tokenBody })
      const token = yield* exchange.pipe(
        Effect.tap((token) => Effect.log("got", token)),
        Effect.provide(ok.client),
        Effect.provide(layer)
      )
      const failed = always({ status: 400, body: { error: { code: 400, message: "invalid or used code" } } })
      yield* exchange.pipe(
        Effect.tapError((error) => Effect.logError("failed", error)),
        Effect.tapErrorCause((cause) => Effect.logError(cause)),
        Effect.flip,
        Effect.provide(failed.client),
        Effect.provide(layer)
      )
      const dropped = always({ drop: true })
      yield* exchange.pipe(
        Effect.tapErrorCause((cause) => Effect.logError(cause)),
        Effect.flip,
        Effect.provide(dropped.client),
        Effect.provide(layer)
      )
      expect(Redacted.value(token.token)).toBe(issuedToken)
      const all = records().join("\n")
      expect(records().filter((record) => record.startsWith("span OAuth.exchangeCode "))).toHaveLength(3)
      expect(all).toContain("invalid or used code")
      expect(all).toContain("RequestError")
      for (const value of secrets) expect(all).not.toContain(value)
    }))

  const failures: ReadonlyArray<{
    readonly name: string
    readonly reply: Reply
    readonly status: number
    readonly description: string | RegExp
  }> = [
    {
      name: "a 400 with an API error",
      reply: { status: 400, body: { error: { code: 400, message: "invalid or used code" } } },
      status: 400,
      description: "the token endpoint answered 400: invalid or used code"
    },
    {
      name: "a 401 with an API error",
      reply: { status: 401, body: { error: { code: 401, message: "invalid client" } } },
      status: 401,
      description: "the token endpoint answered 401: invalid client"
    },
    {
      name: "a 400 with an RFC 6749 error",
      reply: { status: 400, body: { error: "invalid_grant", error_description: "code expired" } },
      status: 400,
      description: "the token endpoint answered 400: code expired"
    },
    {
      name: "a 401 without a body",
      reply: { status: 401 },
      status: 401,
      description: "the token endpoint answered 401"
    },
    {
      name: "a 500 with an HTML page",
      reply: { status: 500, body: "<html>oops</html>", headers: { "content-type": "text/html" } },
      status: 500,
      description: "the token endpoint answered 500"
    },
    {
      name: "an error echoing the secret",
      reply: { status: 401, body: { error: { code: 401, message: `bad secret ${Redacted.value(secret)}` } } },
      status: 401,
      description: "the token endpoint answered 401: bad secret <redacted>"
    },
    {
      name: "a 302 (not followed)",
      reply: { status: 302, headers: { location: "https://example.com/" } },
      status: 302,
      description: "the token endpoint answered 302"
    }
  ]

  it.effect.each(failures)(
    "$name → OAuthError exchange-failed with the status",
    ({ description, reply, status }) =>
      Effect.gen(function*() {
        const api = always(reply)
        const error = yield* exchange.pipe(Effect.provide(api.client), Effect.flip)
        if (!(error instanceof Errors.OAuthError)) return expect.fail(`expected an OAuthError, got ${error._tag}`)
        expect(error.reason).toBe("exchange-failed")
        expect(error.status).toBe(status)
        if (typeof description === "string") expect(error.description).toBe(description)
        else expect(error.description).toMatch(description)
        expect(error.message).toBe(`OAuth (exchange-failed): ${error.description}`)
        expect(api.sent).toHaveLength(1)
        expectNothingSecret(error)
      })
  )

  const malformed: ReadonlyArray<{ readonly name: string; readonly body: unknown }> = [
    { name: "an empty body", body: undefined },
    { name: "not JSON", body: "<html>maintenance</html>" },
    { name: "truncated JSON", body: JSON.stringify(tokenBody).slice(0, 30) },
    { name: "an array", body: [tokenBody] },
    { name: "no access_token", body: { token_type: "bearer", expires_in: 10 } },
    { name: "an empty access_token", body: { ...tokenBody, access_token: "" } },
    { name: "no expires_in", body: { token_type: "bearer", access_token: issuedToken } },
    { name: "expires_in as a string", body: { ...tokenBody, expires_in: "15552000" } },
    { name: "a negative expires_in", body: { ...tokenBody, expires_in: -1 } },
    { name: "no token_type", body: { expires_in: 10, access_token: issuedToken } },
    { name: "an access_token that is a number", body: { ...tokenBody, access_token: 42 } },
    { name: "an API error with 200", body: { error: { code: 1000, message: "Invalid token" } } }
  ]

  it.effect.each(malformed)(
    "a 200 with $name → OAuthError exchange-failed, without the token",
    ({ body }) =>
      Effect.gen(function*() {
        const api = always(body === undefined ? {} : { body })
        const error = yield* exchange.pipe(Effect.provide(api.client), Effect.flip)
        if (!(error instanceof Errors.OAuthError)) return expect.fail(`expected an OAuthError, got ${error._tag}`)
        expect(error.reason).toBe("exchange-failed")
        expect(error.status).toBe(200)
        expect(error.description).toMatch(/^the answer is (empty|not a token)/)
        expectNothingSecret(error)
      })
  )

  it.effect("a body over 64 KiB is refused", () =>
    Effect.gen(function*() {
      const api = always({ body: { ...tokenBody, padding: "x".repeat(70 * 1024) } })
      const error = yield* exchange.pipe(Effect.provide(api.client), Effect.flip)
      expect(error).toMatchObject({ _tag: "OAuthError", reason: "exchange-failed", status: 200 })
      expect(error.message).toContain("larger than")
    }))

  it.effect("a transport failure is a RequestError holding the URL but not the form (no secret), and is not retried", () =>
    Effect.gen(function*() {
      const api = mock(() => ({ drop: true }))
      const error = yield* exchange.pipe(Effect.provide(api.client), Effect.flip)
      expect(api.sent).toHaveLength(1)
      expect(api.sent[0]?.text).toContain(Redacted.value(secret))
      if (error._tag !== "RequestError") return expect.fail(`expected a RequestError, got ${error._tag}`)
      expect(error.reason).toBe("Transport")
      expect(error.request.method).toBe("POST")
      expect(error.request.url).toBe(`${baseUrl}/oauth2/access_token`)
      expect(error.request.body._tag).toBe("Empty")
      expect(error.message).toContain("connection reset")
      expectNothingSecret(error)
    }))

  it.effect("OAuthError is a tagged error: catchTag takes it", () =>
    Effect.gen(function*() {
      const api = always({ status: 400, body: { error: { code: 400, message: "invalid or used code" } } })
      const caught = yield* exchange.pipe(
        Effect.as("succeeded"),
        Effect.catchTag("OAuthError", (error) => Effect.succeed(`caught ${error.reason} ${error.status}`)),
        Effect.provide(api.client)
      )
      expect(caught).toBe("caught exchange-failed 400")
    }))
})
