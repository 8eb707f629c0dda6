/**
 * What the SDK says through Effect's logger: each retry, each rate-limit
 * wait (how long, which bucket) and each refused webhook, at Debug, and
 * waits over a second at Info; never a secret.
 */
import { HttpApp } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, HashMap, Logger, LogLevel, Redacted, TestClock } from "effect"
import { Auth, Retry, Users, Webhooks } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { authLayer, clientSecret, mock, token, userAuth } from "./mock.js"

interface Record {
  readonly level: string
  readonly message: string
  readonly annotations: { readonly [key: string]: unknown }
}

/** Runs `effect` with every level logged into `records`. */
const logged = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const records: Array<Record> = []
    const logger = Logger.make(({ annotations, logLevel, message }) => {
      records.push({
        level: logLevel.label,
        message: Array.isArray(message) ? message.join(" ") : String(message),
        annotations: Object.fromEntries(HashMap.toEntries(annotations))
      })
    })
    const result = yield* effect.pipe(
      Logger.withMinimumLogLevel(LogLevel.All),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger))
    )
    return { records, result }
  })

const secrets = [Redacted.value(token), Redacted.value(clientSecret)]
const expectNoSecret = (records: ReadonlyArray<Record>) => {
  const text = JSON.stringify(records)
  for (const secret of secrets) expect(text).not.toContain(secret)
}

const userInfo = { user: fixtures.user, supporter_count: 1, supporting_count: 2 }
const getUserInfo = Users.getUserInfo({ id: "182224938" })

describe("logging", () => {
  it.effect("a transient failure retried: one Debug line a retry, with the call, the attempt and why", () =>
    Effect.gen(function*() {
      const api = mock((_, i) => i < 2 ? { drop: true } : { body: userInfo })
      const fiber = yield* Effect.fork(logged(getUserInfo.pipe(
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.provide(Retry.layer({ retries: 3, baseDelay: "100 millis", maxDelay: "100 millis" }))
      )))
      yield* TestClock.adjust("1 second")
      const { records } = yield* Fiber.join(fiber)
      const retries = records.filter((record) => record.message === "retrying")
      expect(retries.map((record) => [record.level, record.annotations["twitcasting.attempt"]])).toEqual([
        ["DEBUG", 1],
        ["DEBUG", 2]
      ])
      expect(retries[0]?.annotations["twitcasting.endpoint"]).toBe("Users.getUserInfo")
      expect(String(retries[0]?.annotations["twitcasting.error"])).toContain("connection reset")
      expect(retries[0]?.annotations["twitcasting.delayMillis"]).toBeGreaterThan(0)
      expectNoSecret(records)
    }))

  it.effect("a rate-limit wait over a second: one Info line with its length and bucket", () =>
    Effect.gen(function*() {
      // the first answer spends the window, which ends 20 s later
      const api = mock((_, i) => i === 0 ? { body: userInfo, remaining: 0, resetIn: 20 } : { body: userInfo })
      const { records } = yield* Effect.gen(function*() {
        yield* getUserInfo
        const fiber = yield* Effect.fork(logged(getUserInfo))
        yield* TestClock.adjust("21 seconds")
        return yield* Fiber.join(fiber)
      }).pipe(Effect.provide(api.client), Effect.provide(userAuth))
      const waits = records.filter((record) => record.message === "rate limit: waiting")
      expect(waits).toHaveLength(1)
      expect(waits[0]?.level).toBe("INFO")
      expect(waits[0]?.annotations["twitcasting.bucket"]).toBe("default")
      expect(waits[0]?.annotations["twitcasting.waitMillis"]).toBeGreaterThan(19_000)
      expect(waits[0]?.annotations["twitcasting.waitMillis"]).toBeLessThanOrEqual(20_000)
      expectNoSecret(records)
    }))

  it.scoped("a refused webhook: a Debug line with the status and reason, not the signature", () =>
    Effect.gen(function*() {
      const signature = "whsig-SECRET-1f2e3d"
      const { records } = yield* logged(Effect.gen(function*() {
        const app = yield* Webhooks.receiver(() => Effect.void)
        const handle = HttpApp.toWebHandlerRuntime(yield* Effect.runtime<never>())(app)
        const body = JSON.stringify({ signature: "whsig-forged", movie: fixtures.movie, broadcaster: fixtures.user })
        const response = yield* Effect.promise(() =>
          handle(
            new Request("http://127.0.0.1/hook", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body
            })
          )
        )
        expect(response.status).toBe(401)
      })).pipe(
        Effect.provide(authLayer({
          credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret }),
          webhookSignature: Redacted.make(signature)
        }))
      )
      const refused = records.filter((record) => record.message === "webhook refused")
      expect(refused.map((record) => [record.level, record.annotations["twitcasting.status"]])).toEqual([[
        "DEBUG",
        401
      ]])
      expect(JSON.stringify(records)).not.toContain(signature)
      expect(JSON.stringify(records)).not.toContain("whsig-forged")
    }))
})
