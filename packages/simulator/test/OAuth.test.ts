/**
 * The OAuth flows against the simulator over HTTP: authorization code and
 * implicit grants end to end through the SDK's helpers, and the token
 * endpoint's refusals.
 */
import { Auth, OAuth, Users } from "@effect-twitcasting/sdk"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Seed, Simulator } from "../src/index.js"

const callback = "http://127.0.0.1:8788/callback"

/** Follows the authorize URL by hand, as a browser would, and gives the redirect. */
const authorize = (url: string) =>
  Effect.promise(async () => {
    const response = await fetch(url, { redirect: "manual" })
    return { status: response.status, location: response.headers.get("location") ?? "" }
  })

const whoAmI = (token: OAuth.AccessToken) =>
  Effect.flatMap(
    Simulator.Simulator,
    ({ baseUrl }) =>
      Users.verifyCredentials().pipe(Effect.provide(Auth.layer({ credentials: Auth.userToken(token.token), baseUrl })))
  )

const env = (options: Simulator.Options = {}) => Layer.merge(Simulator.layer(options), FetchHttpClient.layer)

describe("OAuth against the simulator", () => {
  it.live("authorization code: redirect with code and state, exchange, then the token works", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* Simulator.Simulator
      const start = yield* OAuth.authorizationUrl({ clientId: Seed.demoClientId, baseUrl })
      const redirect = yield* authorize(start.url)
      expect(redirect.status).toBe(302)
      expect(redirect.location.startsWith(`${callback}?`)).toBe(true)
      const { code } = yield* OAuth.parseCodeRedirect(redirect.location, start.state)
      const exchange = (clientSecret: string) =>
        OAuth.exchangeCode({
          code,
          clientId: Seed.demoClientId,
          clientSecret: Redacted.make(clientSecret),
          redirectUri: callback,
          baseUrl
        })
      const wrongCallback = yield* Effect.flip(
        OAuth.exchangeCode({
          code,
          clientId: Seed.demoClientId,
          clientSecret: Redacted.make(Seed.demoClientSecret),
          redirectUri: "https://elsewhere.example/callback",
          baseUrl
        })
      )
      expect(wrongCallback).toMatchObject({ reason: "exchange-failed", status: 400 })
      const wrongSecret = yield* Effect.flip(exchange("not-the-secret"))
      expect(wrongSecret).toMatchObject({ reason: "exchange-failed", status: 401 })
      const token = yield* exchange(Seed.demoClientSecret)
      const me = yield* whoAmI(token)
      expect(me.user.screenId).toBe("twitcasting_jp")
      expect(me.app.clientId).toBe(Seed.demoClientId)
      const again = yield* Effect.flip(exchange(Seed.demoClientSecret))
      expect(again).toMatchObject({ reason: "exchange-failed", status: 400 })
    }).pipe(Effect.provide(env())))

  it.live("implicit grant: the token comes back in the fragment and works", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* Simulator.Simulator
      const start = yield* OAuth.authorizationUrl({ clientId: Seed.demoClientId, responseType: "token", baseUrl })
      const redirect = yield* authorize(start.url)
      const token = yield* OAuth.parseTokenRedirect(redirect.location, start.state)
      expect(token.tokenType).toBe("bearer")
      const me = yield* whoAmI(token)
      expect(me.user.screenId).toBe("casma_jp")
    }).pipe(Effect.provide(env({ oauthUser: "casma_jp" }))))

  it.live("an unknown client is refused at authorize; a forged state is caught by the SDK", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* Simulator.Simulator
      const unknown = yield* authorize(`${baseUrl}/oauth2/authorize?client_id=nope&response_type=code&state=s`)
      expect(unknown.status).toBe(400)
      const start = yield* OAuth.authorizationUrl({ clientId: Seed.demoClientId, baseUrl })
      const redirect = yield* authorize(start.url)
      const forged = redirect.location.replace(/state=[0-9a-f]+/, "state=forged")
      const error = yield* Effect.flip(OAuth.parseCodeRedirect(forged, start.state))
      expect(error.reason).toBe("state-mismatch")
    }).pipe(Effect.provide(env())))

  it.live("the token endpoint refuses a wrong grant type", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* Simulator.Simulator
      const status = yield* Effect.promise(() =>
        fetch(`${baseUrl}/oauth2/access_token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ grant_type: "password", client_id: Seed.demoClientId }).toString()
        }).then((response) => response.status)
      )
      expect(status).toBe(400)
    }).pipe(Effect.provide(env())))
})
