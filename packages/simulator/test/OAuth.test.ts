/**
 * The OAuth flows against the simulator over real HTTP: the authorize
 * redirect and the token endpoint on the wire (with a fetch client that does
 * not follow redirects, as a test of a redirect must), the tokens they give
 * used through the SDK, the token endpoint's refusals, and the SDK's own
 * OAuth helpers end to end.
 */
import { Auth, OAuth, Users } from "@effect-twitcasting/sdk"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Seed, Simulator } from "../src/index.js"

const callback = "http://127.0.0.1:8788/callback"
const official = { id: "182224938", screenId: "twitcasting_jp" }
const casma = { id: "2880417757", screenId: "casma_jp" }
const lifetime = 15_552_000

/** A simulator on a free port and a fetch client that hands redirects back instead of following them. */
const env = (options: Simulator.Options = {}) =>
  Layer.mergeAll(
    Simulator.layer(options),
    FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { redirect: "manual" })))
  )

/** GET /oauth2/authorize with these query parameters: the status and the Location header. */
const authorize = (query: Record<string, string>) =>
  Effect.gen(function*() {
    const { baseUrl } = yield* Simulator.Simulator
    const client = yield* HttpClient.HttpClient
    const response = yield* client.get(`${baseUrl}/oauth2/authorize`, { urlParams: query })
    return { status: response.status, location: response.headers["location"] }
  })

/** The code of an authorization-code redirect, checked to go to the app's callback with the state. */
const codeFrom = (redirect: { readonly status: number; readonly location: string | undefined }, state: string) => {
  expect(redirect.status).toBe(302)
  const location = new URL(redirect.location ?? "")
  expect(`${location.origin}${location.pathname}`).toBe(callback)
  expect(location.hash).toBe("")
  expect(location.searchParams.get("state")).toBe(state)
  const code = location.searchParams.get("code")
  expect(code).toEqual(expect.any(String))
  expect(code).not.toBe("")
  return code ?? ""
}

const approve = (state = "xyz") =>
  Effect.map(
    authorize({ client_id: Seed.demoClientId, response_type: "code", state }),
    (redirect) => codeFrom(redirect, state)
  )

interface TokenForm {
  readonly code?: string
  readonly grant_type?: string
  readonly client_id?: string
  readonly client_secret?: string
  readonly redirect_uri?: string
}

/** POST /oauth2/access_token, form-encoded, with the default app's fields unless overridden. */
const exchange = (code: string, overrides: TokenForm = {}) =>
  Effect.gen(function*() {
    const { baseUrl } = yield* Simulator.Simulator
    const client = yield* HttpClient.HttpClient
    const form: TokenForm = {
      code,
      grant_type: "authorization_code",
      client_id: Seed.demoClientId,
      client_secret: Seed.demoClientSecret,
      redirect_uri: callback,
      ...overrides
    }
    const response = yield* client.execute(
      HttpClientRequest.post(`${baseUrl}/oauth2/access_token`).pipe(HttpClientRequest.bodyUrlParams({ ...form }))
    )
    const body: unknown = yield* response.json
    return { status: response.status, contentType: response.headers["content-type"] ?? "", body }
  })

/** The token of a successful exchange, checked to be the documented answer. */
const tokenFrom = (answer: { readonly status: number; readonly contentType: string; readonly body: unknown }) => {
  expect(answer.status).toBe(200)
  expect(answer.contentType).toContain("application/json")
  expect(answer.body).toEqual({ token_type: "bearer", expires_in: lifetime, access_token: expect.any(String) })
  const token = (answer.body as { readonly access_token: string }).access_token
  expect(token).not.toBe("")
  return token
}

/** Users.verifyCredentials with this token, through the SDK. */
const whoAmI = (token: string) =>
  Effect.flatMap(
    Simulator.Simulator,
    ({ baseUrl }) =>
      Users.verifyCredentials().pipe(
        Effect.provide(Auth.layer({ credentials: Auth.userToken(Redacted.make(token)), baseUrl }))
      )
  )

describe("authorization code grant", () => {
  it.live("authorize redirects to the app's callback with a code and the state; the code buys a working token", () =>
    Effect.gen(function*() {
      const code = yield* approve("xyz")
      const token = tokenFrom(yield* exchange(code))
      // a fresh token, not one of the seeded ones
      expect(token).not.toBe(Seed.demoToken(official.screenId))
      const me = yield* whoAmI(token)
      expect(me.user.id).toBe(official.id)
      expect(me.user.screenId).toBe(official.screenId)
      expect(me.app.clientId).toBe(Seed.demoClientId)
      expect(me.app.ownerUserId).toBe(official.id)
    }).pipe(Effect.provide(env())))

  it.live("each authorization gives a different code and a different token", () =>
    Effect.gen(function*() {
      const first = yield* approve("one")
      const second = yield* approve("two")
      expect(first).not.toBe(second)
      const tokens = [tokenFrom(yield* exchange(first)), tokenFrom(yield* exchange(second))]
      expect(tokens[0]).not.toBe(tokens[1])
      for (const token of tokens) expect((yield* whoAmI(token)).user.id).toBe(official.id)
    }).pipe(Effect.provide(env())))

  it.live("without a state the redirect carries none", () =>
    Effect.gen(function*() {
      const redirect = yield* authorize({ client_id: Seed.demoClientId, response_type: "code" })
      expect(redirect.status).toBe(302)
      const location = new URL(redirect.location ?? "")
      expect(location.searchParams.has("code")).toBe(true)
      expect(location.searchParams.has("state")).toBe(false)
    }).pipe(Effect.provide(env())))

  it.live("a code is single-use: the second exchange is refused with 400 and the first token keeps working", () =>
    Effect.gen(function*() {
      const code = yield* approve()
      const token = tokenFrom(yield* exchange(code))
      const again = yield* exchange(code)
      expect(again.status).toBe(400)
      expect(again.body).not.toHaveProperty("access_token")
      expect((yield* whoAmI(token)).user.screenId).toBe(official.screenId)
    }).pipe(Effect.provide(env())))

  it.live("a code that was never issued is refused with 400", () =>
    Effect.gen(function*() {
      const answer = yield* exchange("code-never-issued")
      expect(answer.status).toBe(400)
      expect(answer.body).not.toHaveProperty("access_token")
    }).pipe(Effect.provide(env())))

  it.live("a wrong client secret is refused with 401, and does not spend the code", () =>
    Effect.gen(function*() {
      const code = yield* approve()
      const wrong = yield* exchange(code, { client_secret: "not-the-secret" })
      expect(wrong.status).toBe(401)
      expect(wrong.body).not.toHaveProperty("access_token")
      const token = tokenFrom(yield* exchange(code))
      expect((yield* whoAmI(token)).user.id).toBe(official.id)
    }).pipe(Effect.provide(env())))

  it.live("a wrong or missing grant_type is refused with 400", () =>
    Effect.gen(function*() {
      const code = yield* approve()
      for (const grantType of ["password", "client_credentials", "refresh_token", ""]) {
        const answer = yield* exchange(code, { grant_type: grantType })
        expect(answer.status, grantType).toBe(400)
        expect(answer.body).not.toHaveProperty("access_token")
      }
      // the refusals left the code unspent
      tokenFrom(yield* exchange(code))
    }).pipe(Effect.provide(env())))

  it.live("a redirect_uri other than the app's callback is refused with 400", () =>
    Effect.gen(function*() {
      const code = yield* approve()
      const answer = yield* exchange(code, { redirect_uri: "https://elsewhere.example/callback" })
      expect(answer.status).toBe(400)
      expect(answer.body).not.toHaveProperty("access_token")
    }).pipe(Effect.provide(env())))

  it.live("an unknown client_id is refused at authorize with 400 and no redirect", () =>
    Effect.gen(function*() {
      for (const responseType of ["code", "token"]) {
        const redirect = yield* authorize({ client_id: "no-such-client", response_type: responseType, state: "s" })
        expect(redirect.status).toBe(400)
        expect(redirect.location).toBeUndefined()
      }
    }).pipe(Effect.provide(env())))

  it.live("a response_type other than code or token is refused at authorize with 400", () =>
    Effect.gen(function*() {
      const redirect = yield* authorize({ client_id: Seed.demoClientId, response_type: "id_token", state: "s" })
      expect(redirect.status).toBe(400)
      expect(redirect.location).toBeUndefined()
    }).pipe(Effect.provide(env())))
})

describe("implicit grant", () => {
  it.live("response_type=token redirects with the token in the fragment, and the token works", () =>
    Effect.gen(function*() {
      const redirect = yield* authorize({ client_id: Seed.demoClientId, response_type: "token", state: "xyz" })
      expect(redirect.status).toBe(302)
      const location = new URL(redirect.location ?? "")
      expect(`${location.origin}${location.pathname}`).toBe(callback)
      // nothing in the query: a fragment never reaches the callback's server
      expect(location.search).toBe("")
      const fragment = new URLSearchParams(location.hash.slice(1))
      expect([...fragment.keys()].sort()).toEqual(["access_token", "expires_in", "state", "token_type"])
      expect(fragment.get("token_type")).toBe("bearer")
      expect(fragment.get("expires_in")).toBe(String(lifetime))
      expect(fragment.get("state")).toBe("xyz")
      const token = fragment.get("access_token") ?? ""
      expect(token).not.toBe("")
      const me = yield* whoAmI(token)
      expect(me.user.id).toBe(official.id)
      expect(me.app.clientId).toBe(Seed.demoClientId)
    }).pipe(Effect.provide(env())))
})

describe("the approving user", () => {
  it.live("oauthUser changes who approves the authorization code grant", () =>
    Effect.gen(function*() {
      const token = tokenFrom(yield* exchange(yield* approve()))
      const me = yield* whoAmI(token)
      expect(me.user.id).toBe(casma.id)
      expect(me.user.screenId).toBe(casma.screenId)
      // the app is still the demo app, owned by twitcasting_jp
      expect(me.app.clientId).toBe(Seed.demoClientId)
      expect(me.app.ownerUserId).toBe(official.id)
    }).pipe(Effect.provide(env({ oauthUser: casma.screenId }))))

  it.live("oauthUser changes who approves the implicit grant, and may be given as a user id", () =>
    Effect.gen(function*() {
      const redirect = yield* authorize({ client_id: Seed.demoClientId, response_type: "token", state: "s" })
      const token = new URLSearchParams(new URL(redirect.location ?? "").hash.slice(1)).get("access_token") ?? ""
      expect((yield* whoAmI(token)).user.screenId).toBe(casma.screenId)
    }).pipe(Effect.provide(env({ oauthUser: casma.id }))))
})

describe("the SDK's OAuth helpers against the simulator", () => {
  it.live("authorizationUrl → parseCodeRedirect → exchangeCode; a forged state is caught", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* Simulator.Simulator
      const start = yield* OAuth.authorizationUrl({ clientId: Seed.demoClientId, baseUrl })
      const client = yield* HttpClient.HttpClient
      const response = yield* client.get(start.url)
      expect(response.status).toBe(302)
      const location = response.headers["location"] ?? ""
      const forged = yield* Effect.flip(
        OAuth.parseCodeRedirect(location.replace(/state=[^&#]+/, "state=forged"), start.state)
      )
      expect(forged.reason).toBe("state-mismatch")
      const { code } = yield* OAuth.parseCodeRedirect(location, start.state)
      const exchangeWith = (clientSecret: string) =>
        OAuth.exchangeCode({
          code,
          clientId: Seed.demoClientId,
          clientSecret: Redacted.make(clientSecret),
          redirectUri: callback,
          baseUrl
        })
      const wrongSecret = yield* Effect.flip(exchangeWith("not-the-secret"))
      expect(wrongSecret).toMatchObject({ reason: "exchange-failed", status: 401 })
      const token = yield* exchangeWith(Seed.demoClientSecret)
      expect(token.tokenType).toBe("bearer")
      expect((yield* whoAmI(Redacted.value(token.token))).user.screenId).toBe(official.screenId)
      const again = yield* Effect.flip(exchangeWith(Seed.demoClientSecret))
      expect(again).toMatchObject({ reason: "exchange-failed", status: 400 })
    }).pipe(Effect.provide(env())))

  it.live("authorizationUrl with responseType token → parseTokenRedirect gives a working token", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* Simulator.Simulator
      const start = yield* OAuth.authorizationUrl({ clientId: Seed.demoClientId, responseType: "token", baseUrl })
      const client = yield* HttpClient.HttpClient
      const response = yield* client.get(start.url)
      const token = yield* OAuth.parseTokenRedirect(response.headers["location"] ?? "", start.state)
      expect(token.tokenType).toBe("bearer")
      expect((yield* whoAmI(Redacted.value(token.token))).user.screenId).toBe(casma.screenId)
    }).pipe(Effect.provide(env({ oauthUser: casma.screenId }))))
})
