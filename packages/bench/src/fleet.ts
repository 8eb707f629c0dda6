/**
 * One process of the bench's fleet (part 5): `--calls` concurrent
 * `Users.getUserInfo` on one token, through the Redis budget
 * (`--redis-port`) or this process's own memory budget. It builds its
 * runtime, prints `ready`, waits for `go` on stdin, sends, and prints one
 * JSON line: when it started, when its last answer came, and its failures.
 */
import { Auth, Retry, Users } from "@effect-twitcasting/sdk"
import * as Redis from "@effect-twitcasting/sdk/Redis"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Either, Layer, ManagedRuntime, Redacted } from "effect"
import { createInterface } from "node:readline"
import { parseArgs } from "node:util"

const { values } = parseArgs({
  options: {
    "base-url": { type: "string" },
    token: { type: "string" },
    calls: { type: "string", default: "100" },
    "redis-port": { type: "string" }
  }
})

const runtime = ManagedRuntime.make(Layer.mergeAll(
  NodeHttpClient.layerUndici,
  Auth.layer({ credentials: Auth.userToken(Redacted.make(values.token ?? "")), baseUrl: values["base-url"] ?? "" }),
  // every call waits for as many windows as it takes, and is never given up
  Retry.layer({ maxRateLimitWait: "10 minutes", rateLimitRetries: 1000 }),
  values["redis-port"] === undefined
    ? Layer.empty
    : Redis.layer({ host: "127.0.0.1", port: Number(values["redis-port"]) })
))
await runtime.runPromise(Effect.void)
console.log("ready")
const lines = createInterface({ input: process.stdin })
await new Promise<void>((go) => lines.once("line", () => go()))
lines.close()

const started = Date.now()
const results = await runtime.runPromise(
  Effect.all(
    Array.from(
      { length: Number(values.calls) },
      () => Effect.either(Users.getUserInfo({ screenId: "twitcasting_jp" }))
    ),
    { concurrency: "unbounded" }
  )
)
const finished = Date.now()
const failures = results.filter(Either.isLeft).map((result) => result.left._tag)
console.log(JSON.stringify({ started, finished, failures }))
await runtime.dispose()
