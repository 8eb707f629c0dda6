/**
 * Credentials from configuration, and secrets that never show: not in the
 * string, JSON or inspection of the credentials and the Auth service, and
 * not in logged request headers.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Config, type ConfigError, ConfigProvider, Effect, Inspectable, Layer, Logger, Option, Redacted } from "effect"
import { Auth, type Errors, Users, Webhooks } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { mock } from "./mock.js"

const accessToken = "config-token-SECRET-9f8e7d"
const clientId = "182224938.d37f58350925d568e2db24719fe86f12"
const clientSecret = "config-client-secret-SECRET-6c5b4a"
const webhookSignature = "webhook-signature-SECRET-3e2d1c"
const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64")
const secrets = [accessToken, clientSecret, webhookSignature, basic]

const userInfo = { user: fixtures.user, supporter_count: 10, supporting_count: 3 }
const credentialsReply = { app: fixtures.app, user: fixtures.user, supporter_count: 10, supporting_count: 3 }
const webhooks = { all_count: 1, webhooks: [{ user_id: "182224938", event: "livestart" }] }

type Env = Record<string, string>

const provider = (env: Env) => ConfigProvider.fromMap(new Map(Object.entries(env)))

/** Two ways to hand a configuration to `Auth.layerConfig`. */
const ways: ReadonlyArray<{
  readonly name: string
  readonly withEnv: (
    env: Env
  ) => <A, E>(effect: Effect.Effect<A, E, Auth.Auth>) => Effect.Effect<A, E | ConfigError.ConfigError>
}> = [
  {
    name: "Effect.withConfigProvider",
    withEnv: (env) => (effect) =>
      effect.pipe(Effect.provide(Auth.layerConfig()), Effect.withConfigProvider(provider(env)))
  },
  {
    name: "Layer.setConfigProvider",
    withEnv: (env) => (effect) =>
      effect.pipe(Effect.provide(Auth.layerConfig().pipe(Layer.provide(Layer.setConfigProvider(provider(env))))))
  }
]

/** Reads the Auth service the configuration produces. */
const authFrom = (env: Env) =>
  Auth.Auth.pipe(Effect.provide(Auth.layerConfig()), Effect.withConfigProvider(provider(env)))

const token = { TWITCASTING_ACCESS_TOKEN: accessToken }
const app = { TWITCASTING_CLIENT_ID: clientId, TWITCASTING_CLIENT_SECRET: clientSecret }

/** Renders log lines the way the built-in loggers do, inside the logger. */
const captureLogs = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const logger = Logger.make((options) => {
      lines.push(Inspectable.toStringUnknown(options.message))
      lines.push(Logger.logfmtLogger.log(options))
    })
    yield* effect.pipe(Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
    return lines
  })

const expectNoSecret = (text: string) => {
  for (const secret of secrets) expect(text).not.toContain(secret)
}

describe("Auth.layerConfig", () => {
  it.effect.each(ways)("TWITCASTING_ACCESS_TOKEN → a user token ($name)", ({ withEnv }) =>
    Effect.gen(function*() {
      const auth = yield* Auth.Auth.pipe(withEnv(token))
      const user = Option.getOrThrow(auth.user).credentials
      expect(Redacted.isRedacted(user.token)).toBe(true)
      expect(Redacted.value(user.token)).toBe(accessToken)
      expect(Option.isNone(auth.app)).toBe(true)
      expect(auth.baseUrl).toBe(Auth.defaultBaseUrl)
      expect(Option.isNone(auth.webhookSignature)).toBe(true)
      expect(Option.isNone(yield* Auth.rateLimit.pipe(withEnv(token)))).toBe(true)
    }))

  it.effect.each(ways)("client id and secret → app credentials ($name)", ({ withEnv }) =>
    Effect.gen(function*() {
      const auth = yield* Auth.Auth.pipe(withEnv(app))
      const held = Option.getOrThrow(auth.app).credentials
      expect(held.clientId).toBe(clientId)
      expect(Redacted.isRedacted(held.clientSecret)).toBe(true)
      expect(Redacted.value(held.clientSecret)).toBe(clientSecret)
      expect(Option.isNone(auth.user)).toBe(true)
    }))

  it.effect("all three set → one Auth holding both kinds, each with its own budget key", () =>
    Effect.gen(function*() {
      const auth = yield* authFrom({ ...app, ...token })
      const user = Option.getOrThrow(auth.user)
      const held = Option.getOrThrow(auth.app)
      expect(Redacted.value(user.credentials.token)).toBe(accessToken)
      expect(held.credentials.clientId).toBe(clientId)
      expect(user.fingerprint).not.toBe(held.fingerprint)
    }))

  it.effect.each([
    {
      name: "nothing set",
      env: {},
      names: ["TWITCASTING_ACCESS_TOKEN", "TWITCASTING_CLIENT_ID", "TWITCASTING_CLIENT_SECRET"]
    },
    {
      name: "an empty token",
      env: { TWITCASTING_ACCESS_TOKEN: "" },
      names: ["TWITCASTING_ACCESS_TOKEN must not be empty"]
    },
    {
      name: "a token of spaces",
      env: { TWITCASTING_ACCESS_TOKEN: "   " },
      names: ["TWITCASTING_ACCESS_TOKEN must not be empty"]
    },
    {
      name: "an empty client id",
      env: { ...app, TWITCASTING_CLIENT_ID: "" },
      names: ["TWITCASTING_CLIENT_ID must not be empty"]
    },
    {
      name: "an empty client secret",
      env: { ...app, TWITCASTING_CLIENT_SECRET: "" },
      names: ["TWITCASTING_CLIENT_SECRET must not be empty"]
    },
    {
      name: "only a client id",
      env: { TWITCASTING_CLIENT_ID: clientId },
      names: ["TWITCASTING_CLIENT_ID is set: set TWITCASTING_CLIENT_SECRET too"]
    },
    {
      name: "only a client secret",
      env: { TWITCASTING_CLIENT_SECRET: clientSecret },
      names: ["TWITCASTING_CLIENT_SECRET is set: set TWITCASTING_CLIENT_ID too"]
    },
    {
      name: "a token and only a client id",
      env: { ...token, TWITCASTING_CLIENT_ID: clientId },
      names: ["set TWITCASTING_CLIENT_SECRET too"]
    },
    {
      name: "only a base URL and a signature",
      env: { TWITCASTING_BASE_URL: "http://127.0.0.1:8787", TWITCASTING_WEBHOOK_SIGNATURE: webhookSignature },
      names: ["TWITCASTING_ACCESS_TOKEN", "TWITCASTING_CLIENT_ID", "TWITCASTING_CLIENT_SECRET"]
    },
    {
      name: "a base URL that is not one",
      env: { ...token, TWITCASTING_BASE_URL: "127.0.0.1:8787/api" },
      names: ["TWITCASTING_BASE_URL must be an absolute http(s) URL"]
    }
  ])("$name → a ConfigError naming what to set", ({ env, names }) =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(authFrom(env))
      expect(error._tag).toBe("ConfigError")
      for (const name of names) expect(String(error)).toContain(name)
      expectNoSecret(String(error))
    }))

  it.effect.each([
    { url: "http://127.0.0.1:8787", expected: "http://127.0.0.1:8787" },
    { url: "http://127.0.0.1:8787/", expected: "http://127.0.0.1:8787" },
    { url: "https://simulator.example//", expected: "https://simulator.example" },
    { url: "https://proxy.example/twitcasting/", expected: "https://proxy.example/twitcasting" }
  ])("TWITCASTING_BASE_URL $url → $expected", ({ expected, url }) =>
    Effect.gen(function*() {
      const auth = yield* authFrom({ ...token, TWITCASTING_BASE_URL: url })
      expect(auth.baseUrl).toBe(expected)
    }))

  it.effect("TWITCASTING_WEBHOOK_SIGNATURE is read, redacted", () =>
    Effect.gen(function*() {
      const auth = yield* authFrom({ ...app, TWITCASTING_WEBHOOK_SIGNATURE: webhookSignature })
      expect(Option.map(auth.webhookSignature, Redacted.value)).toEqual(Option.some(webhookSignature))
      expect(Option.map(auth.webhookSignature, Redacted.isRedacted)).toEqual(Option.some(true))
    }))

  it.effect("a custom config reads other names", () =>
    Effect.gen(function*() {
      const auth = yield* Auth.Auth.pipe(
        Effect.provide(Auth.layerConfig(Config.nested(Auth.optionsConfig, "MY_APP"))),
        Effect.withConfigProvider(provider({ "MY_APP.TWITCASTING_ACCESS_TOKEN": accessToken }))
      )
      expect(Option.isSome(auth.user)).toBe(true)
    }))

  describe("the configured Auth is what calls use", () => {
    const calls: ReadonlyArray<{
      readonly name: string
      readonly env: Env
      readonly call: Effect.Effect<unknown, unknown, HttpClient.HttpClient | Auth.Auth>
      readonly reply: unknown
      readonly url: string
      readonly authorization: string
    }> = [
      {
        name: "user token → Bearer",
        env: { ...token, TWITCASTING_BASE_URL: "http://simulator.test:8787/" },
        call: Users.getUserInfo({ id: "182224938" }),
        reply: userInfo,
        url: "http://simulator.test:8787/users/182224938",
        authorization: `Bearer ${accessToken}`
      },
      {
        name: "app credentials → Basic",
        env: { ...app, TWITCASTING_BASE_URL: "http://simulator.test:8787" },
        call: Webhooks.getWebhookList(),
        reply: webhooks,
        url: "http://simulator.test:8787/webhooks",
        authorization: `Basic ${basic}`
      },
      {
        // `btoa` alone would throw on these
        name: "app credentials beyond Latin-1 → Basic of their UTF-8 bytes",
        env: {
          TWITCASTING_CLIENT_ID: "アプリ.app",
          TWITCASTING_CLIENT_SECRET: "秘密-SECRET",
          TWITCASTING_BASE_URL: "http://simulator.test:8787"
        },
        call: Webhooks.getWebhookList(),
        reply: webhooks,
        url: "http://simulator.test:8787/webhooks",
        authorization: `Basic ${Buffer.from("アプリ.app:秘密-SECRET", "utf8").toString("base64")}`
      }
    ]

    it.effect.each(calls)("$name", ({ authorization, call, env, reply, url }) =>
      Effect.gen(function*() {
        const api = mock(() => ({ body: reply }))
        yield* call.pipe(
          Effect.provide(api.client),
          Effect.provide(Auth.layerConfig()),
          Effect.withConfigProvider(provider(env))
        )
        expect(api.sent.map((sent) => sent.url.toString())).toEqual([url])
        expect(api.sent[0]?.headers["authorization"]).toBe(authorization)
      }))
  })
})

describe("secrets do not show", () => {
  const envs = [
    { name: "user token", env: { ...token, TWITCASTING_WEBHOOK_SIGNATURE: webhookSignature } },
    { name: "app credentials", env: { ...app, TWITCASTING_WEBHOOK_SIGNATURE: webhookSignature } }
  ]

  it.effect.each(envs)("in the credentials ($name)", ({ env }) =>
    Effect.gen(function*() {
      const auth = yield* authFrom(env)
      const credentials = Option.getOrThrow(Option.orElse<Auth.Held, Auth.Held>(auth.user, () => auth.app)).credentials
      for (
        const text of [
          String(credentials),
          `${credentials}`,
          JSON.stringify(credentials),
          Inspectable.format(credentials),
          Inspectable.toStringUnknown(credentials)
        ]
      ) expectNoSecret(text)
      expect(JSON.stringify(credentials)).toContain("<redacted>")
    }))

  it.effect.each(envs)("in the Auth service ($name)", ({ env }) =>
    Effect.gen(function*() {
      const auth = yield* authFrom(env)
      for (
        const text of [
          String(auth),
          JSON.stringify(auth),
          Inspectable.format(auth),
          Inspectable.toStringUnknown(auth),
          String(auth.webhookSignature),
          JSON.stringify(auth.webhookSignature)
        ]
      ) expectNoSecret(text)
      const logged = yield* captureLogs(Effect.log(auth))
      expect(logged.join("\n")).toContain(Option.isSome(auth.user) ? "UserToken" : "AppCredentials")
      expectNoSecret(logged.join("\n"))
    }))

  const requests: ReadonlyArray<{
    readonly name: string
    readonly env: Env
    readonly call: Effect.Effect<unknown, unknown, HttpClient.HttpClient | Auth.Auth>
    readonly reply: unknown
  }> = [
    { name: "Bearer token", env: token, call: Users.getUserInfo({ id: "182224938" }), reply: userInfo },
    { name: "Basic credentials", env: app, call: Webhooks.getWebhookList(), reply: webhooks }
  ]

  it.effect.each(requests)("in logged request headers ($name)", ({ call, env, reply }) =>
    Effect.gen(function*() {
      const api = mock(() => ({ body: reply }))
      yield* call.pipe(
        Effect.provide(api.client),
        Effect.provide(Auth.layerConfig()),
        Effect.withConfigProvider(provider(env))
      )
      const headers = api.sent[0]?.headers
      expect(headers).toBeDefined()
      if (headers === undefined) return
      // the secret is really in the header that is logged
      expect(secrets.some((secret) => headers["authorization"]?.includes(secret))).toBe(true)
      const logged = yield* captureLogs(Effect.log(headers))
      expect(logged).toHaveLength(2)
      for (const line of logged) {
        expectNoSecret(line)
        expect(line).toMatch(/authorization\\?":\s*\\?"<redacted>\\?"/)
        expect(line).toContain("x-api-version")
      }
    }))
})

describe("Auth.layer", () => {
  const user = Auth.userToken(Redacted.make(accessToken))
  const theApp = Auth.appCredentials({ clientId, clientSecret: Redacted.make(clientSecret) })

  it.effect.each([
    { name: "no credentials", options: { credentials: [] }, fields: ["credentials"] },
    {
      name: "an empty token",
      options: { credentials: Auth.userToken(Redacted.make(" ")) },
      fields: ["credentials.token"]
    },
    {
      name: "an empty client id and secret",
      options: { credentials: Auth.appCredentials({ clientId: "", clientSecret: Redacted.make("") }) },
      fields: ["credentials.clientId", "credentials.clientSecret"]
    },
    { name: "two user tokens", options: { credentials: [user, user] }, fields: ["credentials"] },
    {
      name: "a base URL without a scheme",
      options: { credentials: user, baseUrl: "127.0.0.1:8787" },
      fields: ["baseUrl"]
    },
    {
      name: "a base URL of another scheme",
      options: { credentials: user, baseUrl: "ftp://example.test" },
      fields: ["baseUrl"]
    },
    {
      name: "a base URL with a query",
      options: { credentials: user, baseUrl: "http://127.0.0.1:8787/?x=1" },
      fields: ["baseUrl"]
    }
  ])("$name → OptionsError before anything is sent", ({ fields, options }) =>
    Effect.gen(function*() {
      const api = mock(() => ({ body: userInfo }))
      const error = yield* Users.getUserInfo({ id: "182224938" }).pipe(
        Effect.provide(api.client),
        Effect.provide(Auth.layer(options)),
        Effect.flip
      )
      if (error._tag !== "OptionsError") return expect.fail(`expected an OptionsError, got ${error._tag}`)
      expect(error.module).toBe("Auth")
      expect(error.issues.map((issue) => issue.field)).toEqual(fields)
      expect(api.sent).toHaveLength(0)
      expectNoSecret(error.message)
    }))

  describe("one Auth holding both kinds: each call uses the kind its endpoint needs", () => {
    const calls: ReadonlyArray<{
      readonly name: string
      readonly call: Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>
      readonly reply: unknown
      readonly authorization: string
    }> = [
      {
        name: "a user's call",
        call: Users.verifyCredentials(),
        reply: credentialsReply,
        authorization: `Bearer ${accessToken}`
      },
      {
        name: "a call either kind may make",
        call: Users.getUserInfo({ id: "182224938" }),
        reply: userInfo,
        authorization: `Bearer ${accessToken}`
      },
      { name: "an app's call", call: Webhooks.getWebhookList(), reply: webhooks, authorization: `Basic ${basic}` }
    ]
    it.effect.each(calls)("$name", ({ authorization, call, reply }) =>
      Effect.gen(function*() {
        const api = mock(() => ({ body: reply }))
        yield* call.pipe(
          Effect.provide(api.client),
          Effect.provide(Auth.layer({ credentials: [theApp, user] }))
        )
        expect(api.sent.map((sent) => sent.headers["authorization"])).toEqual([authorization])
      }))

    const missing: ReadonlyArray<{
      readonly name: string
      readonly credentials: Auth.Credentials
      readonly call: Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>
      readonly names: string
    }> = [
      {
        name: "a user's call with app credentials only",
        credentials: theApp,
        call: Users.verifyCredentials(),
        names: "TWITCASTING_ACCESS_TOKEN"
      },
      {
        name: "an app's call with a user token only",
        credentials: user,
        call: Webhooks.getWebhookList(),
        names: "TWITCASTING_CLIENT_ID and TWITCASTING_CLIENT_SECRET"
      }
    ]
    it.effect.each(missing)(
      "$name fails with AuthenticationError naming what to set, unsent",
      ({ call, credentials, names }) =>
        Effect.gen(function*() {
          const api = mock(() => ({ body: userInfo }))
          const error = yield* call.pipe(
            Effect.provide(api.client),
            Effect.provide(Auth.layer({ credentials })),
            Effect.flip
          )
          if (error._tag !== "AuthenticationError") {
            return expect.fail(`expected an AuthenticationError, got ${error._tag}`)
          }
          expect(error.message).toContain(names)
          expect(api.sent).toHaveLength(0)
        })
    )
  })
})
