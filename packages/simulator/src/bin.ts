#!/usr/bin/env node
/**
 * The simulator as a command:
 * `twitcasting-simulator [--port 8787] [--host 127.0.0.1] [--seed world.json] [--chatter 5]
 * [--rate-limit 60] [--window 60] [--time-scale 1]`. `--port 0` picks a free
 * port; the URL printed first says which.
 *
 * **Details**
 *
 * The rate limit is counted per token and per bucket, as the service does:
 * `--rate-limit` requests per `--window` seconds in the default bucket (60
 * per 60 by default), 30 per 30 seconds for the supporter lists.
 * `--time-scale` multiplies every bucket's window (`0.05` runs them 20
 * times faster). A window opens at a token's first request in a bucket and,
 * as the service's, ends at its `X-RateLimit-Reset`: that first answer's
 * `Date` (its whole second) plus the window, on a whole second. The banner
 * lists each bucket's limit and window.
 *
 * @example
 * ```sh
 * twitcasting-simulator --port 0 --chatter 0 --time-scale 0.05
 * ```
 *
 * @since 0.1.0
 */
import { FileSystem } from "@effect/platform"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Duration, Effect, Layer, Schema } from "effect"
import { parseArgs } from "node:util"
import * as Seed from "./Seed.js"
import * as Simulator from "./Simulator.js"

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8787" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string" },
    chatter: { type: "string", default: "5" },
    "rate-limit": { type: "string", default: "60" },
    window: { type: "string", default: "60" },
    "time-scale": { type: "string", default: "1" }
  }
})

const Port = Schema.NumberFromString.pipe(Schema.int(), Schema.between(0, 65535))
const Seconds = Schema.NumberFromString.pipe(Schema.nonNegative())
const Limit = Schema.NumberFromString.pipe(Schema.int(), Schema.positive())
const Window = Schema.NumberFromString.pipe(Schema.positive())
const TimeScale = Schema.NumberFromString.pipe(Schema.finite(), Schema.positive())

const main = Effect.gen(function*() {
  const port = yield* Schema.decodeUnknown(Port)(values.port)
  const chatter = yield* Schema.decodeUnknown(Seconds)(values.chatter)
  const limit = yield* Schema.decodeUnknown(Limit)(values["rate-limit"])
  const window = yield* Schema.decodeUnknown(Window)(values.window)
  const timeScale = yield* Schema.decodeUnknown(TimeScale)(values["time-scale"])
  const rateLimit = { limit, window: Duration.seconds(window), timeScale }
  const seed = values.seed === undefined
    ? Seed.defaultSeed(new Date())
    : yield* FileSystem.FileSystem.pipe(
      Effect.flatMap((fs) => fs.readFileString(values.seed!)),
      Effect.flatMap(Schema.decodeUnknown(Schema.parseJson(Seed.Seed)))
    )
  const simulator = Simulator.layer({
    seed,
    port,
    host: values.host,
    rateLimit,
    ...(chatter > 0 ? { chatter: Duration.seconds(chatter) } : {})
  })
  yield* Effect.gen(function*() {
    const { baseUrl, imagesUrl } = yield* Simulator.Simulator
    yield* Console.log(`TwitCasting API simulator on ${baseUrl}`)
    yield* Console.log(`  images:     ${imagesUrl} (where the thumbnail redirects)`)
    yield* Console.log(`  users:      ${seed.users.map((user) => user.screenId).join(", ")}`)
    for (const app of seed.apps) yield* Console.log(`  app:        ${app.clientId} (secret ${app.clientSecret})`)
    for (const token of seed.tokens.slice(0, 3)) {
      yield* Console.log(`  token:      ${token.token} (user ${token.userId})`)
    }
    const buckets = Simulator.rateLimitBuckets(rateLimit)
      .map((bucket) => `${bucket.name} ${bucket.limit} per ${Duration.toMillis(bucket.window) / 1000} s`)
    const scaled = timeScale === 1 ? "" : ` (time scale ${timeScale})`
    yield* Console.log(`  rate limit: ${buckets.join(", ")} per token${scaled}`)
    yield* Console.log(`  control:    ${baseUrl}/_simulator/stats`)
    return yield* Effect.never
  }).pipe(Effect.provide(simulator))
})

main.pipe(Effect.provide(Layer.mergeAll(NodeContext.layer)), NodeRuntime.runMain)
