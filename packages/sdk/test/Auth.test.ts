/**
 * Credentials from configuration, and secrets that never show: not in the
 * string, JSON or inspection of the credentials and the Auth service, and
 * not in logged request headers.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Config, type ConfigError, ConfigProvider, Effect, Inspectable, Layer, Logger, Option, Redacted } from "effect"
import { Auth, Users, Webhooks } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { mock } from "./mock.js"

const accessToken = "config-token-SECRET-9f8e7d"
const clientId = "182224938.d37f58350925d568e2db24719fe86f12"
const clientSecret = "config-client-secret-SECRET-6c5b4a"
const webhookSignature = "webhook-signature-SECRET-3e2d1c"
const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64")
const secrets = [accessToken, clientSecret, webhookSignature, basic]

const userInfo = { user: fixtures.user, supporter_count: 10, supporting_count: 3 }
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
  it.effect.each(ways)("TWITCASTING_ACCESS_TOKEN → UserToken ($name)", ({ withEnv }) =>
    Effect.gen(function*() {
      const auth = yield* Auth.Auth.pipe(withEnv(token))
      expect(auth.credentials._tag).toBe("UserToken")
      if (auth.credentials._tag !== "UserToken") return
      expect(Redacted.isRedacted(auth.credentials.token)).toBe(true)
      expect(Redacted.value(auth.credentials.token)).toBe(accessToken)
      expect(auth.baseUrl).toBe(Auth.defaultBaseUrl)
      expect(Option.isNone(auth.webhookSignature)).toBe(true)
      expect(Option.isNone(yield* Auth.rateLimit.pipe(withEnv(token)))).toBe(true)
    }))

  it.effect.each(ways)("client id and secret → AppCredentials ($name)", ({ withEnv }) =>
    Effect.gen(function*() {
      const auth = yield* Auth.Auth.pipe(withEnv(app))
      expect(auth.credentials._tag).toBe("AppCredentials")
      if (auth.credentials._tag !== "AppCredentials") return
      expect(auth.credentials.clientId).toBe(clientId)
      expect(Redacted.isRedacted(auth.credentials.clientSecret)).toBe(true)
      expect(Redacted.value(auth.credentials.clientSecret)).toBe(clientSecret)
    }))

  it.effect("the token wins when both are set", () =>
    Effect.gen(function*() {
      const auth = yield* authFrom({ ...app, ...token })
      expect(auth.credentials._tag).toBe("UserToken")
    }))

  it.effect.each([
    { name: "nothing set", env: {} },
    { name: "an empty token", env: { TWITCASTING_ACCESS_TOKEN: "" } },
    { name: "a token of spaces", env: { TWITCASTING_ACCESS_TOKEN: "   " } },
    { name: "an empty client id", env: { ...app, TWITCASTING_CLIENT_ID: "" } },
    { name: "an empty client secret", env: { ...app, TWITCASTING_CLIENT_SECRET: "" } },
    { name: "only a client id", env: { TWITCASTING_CLIENT_ID: clientId } },
    { name: "only a client secret", env: { TWITCASTING_CLIENT_SECRET: clientSecret } },
    {
      name: "only a base URL and a signature",
      env: { TWITCASTING_BASE_URL: "http://127.0.0.1:8787", TWITCASTING_WEBHOOK_SIGNATURE: webhookSignature }
    }
  ])("$name → ConfigError", ({ env }) =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(authFrom(env))
      expect(error._tag).toBe("ConfigError")
      expect(String(error)).toContain("TWITCASTING_ACCESS_TOKEN")
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
      expect(auth.credentials._tag).toBe("UserToken")
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
      const { credentials } = yield* authFrom(env)
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
      expect(logged.join("\n")).toContain(auth.credentials._tag)
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
