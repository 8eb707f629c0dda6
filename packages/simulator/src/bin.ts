#!/usr/bin/env node
/**
 * The simulator as a command:
 * `twitcasting-simulator [--port 8787] [--host 127.0.0.1] [--seed world.json] [--chatter 5]
 * [--rate-limit 60] [--window 60] [--time-scale 1] [--quiet]`. `--port 0`
 * picks a free port; the URL printed first says which. `--help` prints the
 * options.
 *
 * **Details**
 *
 * The banner lists every user with their token, each app's credentials and
 * webhook signature, the rate limit, and the commands that point the app's
 * webhooks at a receiver of yours. While serving, each request is logged on
 * one line (time, method, path without its query, status, duration; never
 * a header), unless `--quiet`.
 *
 * The rate limit is counted per token and per bucket, as the service does:
 * `--rate-limit` requests per `--window` seconds in the default bucket (60
 * per 60 by default), 30 per 30 seconds for the supporter lists.
 * `--time-scale` multiplies every bucket's window (`0.05` runs them 20
 * times faster). A window opens at a token's first request in a bucket and,
 * as the service's, ends at its `X-RateLimit-Reset`: that first answer's
 * `Date` (its whole second) plus the window, on a whole second.
 *
 * A wrong option prints one line and exits with 2; a port in use or an
 * unreadable seed prints one line and exits with 1.
 *
 * @example
 * ```sh
 * twitcasting-simulator --port 0 --chatter 0 --time-scale 0.05
 * ```
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import { subscribe, unsubscribe } from "node:diagnostics_channel"
import type { IncomingMessage, ServerResponse } from "node:http"
import { parseArgs } from "node:util"
import type * as Seed from "./Seed.js"

const usage = `Usage: twitcasting-simulator [options]

A local TwitCasting API v2 with a demo world: users, two lives with comments,
an app with a token for every user, webhooks, OAuth, the service's rate limit.

Options:
  --port <port>       port to listen on (default 8787; 0 picks a free one)
  --host <address>    address to bind (default 127.0.0.1)
  --seed <file>       the world to start from, as JSON (a Seed.Seed; default: the demo world)
  --chatter <seconds> viewers comment on every live this often; 0 turns it off (default 5)
  --rate-limit <n>    requests per window and token in the default bucket (default 60)
  --window <seconds>  the default bucket's window (default 60)
  --time-scale <x>    multiplies every rate-limit window; 0.05 runs them 20 times faster (default 1)
  --quiet             do not log a line per request
  -h, --help          print this help
`

const options = {
  port: { type: "string", default: "8787" },
  host: { type: "string", default: "127.0.0.1" },
  seed: { type: "string" },
  chatter: { type: "string", default: "5" },
  "rate-limit": { type: "string", default: "60" },
  window: { type: "string", default: "60" },
  "time-scale": { type: "string", default: "1" },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false }
} as const

/** The command line was wrong: exit code 2. */
class UsageError extends Schema.TaggedError<UsageError>()("UsageError", { reason: Schema.String }) {}

/** The simulator could not start: exit code 1. */
class StartError extends Schema.TaggedError<StartError>()("StartError", { reason: Schema.String }) {}

const parse = (args: ReadonlyArray<string>) =>
  Effect.try({
    try: () => parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values,
    // node's first sentence names the option ("Unknown option '--prot'"); the rest is advice for scripts
    catch: (error) => new UsageError({ reason: String(error instanceof Error ? error.message : error).split(". ")[0]! })
  })

const decode = <A>(name: string, schema: Schema.Schema<A, string>, expected: string) => (value: string) =>
  Schema.decode(schema)(value).pipe(
    Effect.mapError(() => new UsageError({ reason: `--${name} must be ${expected}, not "${value}"` }))
  )

const port = decode("port", Schema.NumberFromString.pipe(Schema.int(), Schema.between(0, 65535)), "a port (0-65535)")
const seconds = (name: string) =>
  decode(name, Schema.NumberFromString.pipe(Schema.finite(), Schema.nonNegative()), "a number of seconds (0 or more)")
const limit = decode(
  "rate-limit",
  Schema.NumberFromString.pipe(Schema.int(), Schema.positive()),
  "a whole number above 0"
)
const positive = (name: string) =>
  decode(name, Schema.NumberFromString.pipe(Schema.finite(), Schema.positive()), "a number above 0")

/**
 * The simulator's modules, loaded once the command line is known to be
 * right: `--help` and a wrong option answer without loading the SDK.
 */
const load = Effect.promise(() => Promise.all([import("./Seed.js"), import("./Simulator.js")]))

const readSeed = (path: string, schema: typeof Seed.Seed) =>
  FileSystem.FileSystem.pipe(
    Effect.flatMap((fs) => fs.readFileString(path)),
    Effect.mapError((error) => new StartError({ reason: `cannot read the seed ${path}: ${error.message}` })),
    Effect.flatMap((text) =>
      Schema.decodeUnknown(Schema.parseJson(schema))(text).pipe(
        Effect.mapError((error) => new StartError({ reason: `the seed ${path} is not a Seed.Seed: ${error.message}` }))
      )
    )
  )

/** `EADDRINUSE` anywhere in the server's failure. */
const inUse = (error: unknown): boolean =>
  typeof error === "object" && error !== null &&
  (("code" in error && error.code === "EADDRINUSE") || ("cause" in error && inUse(error.cause)))

/** What the banner says: the URL, every credential of the world, and how to receive its webhooks. */
const banner = (baseUrl: string, imagesUrl: string, seed: Seed.Seed, buckets: string) => {
  const screenIds = new Map(seed.users.map((user) => [user.id, user.screenId]))
  const tokens = seed.tokens.map((token) => `    ${token.token}  (${screenIds.get(token.userId) ?? token.userId})`)
  const apps = seed.apps.map((app) =>
    `    ${app.clientId}  secret ${app.clientSecret}  webhook signature ${app.webhookSignature}`
  )
  const app = seed.apps[0]
  const user = seed.users.find((user) => user.screenId === "casma_jp") ?? seed.users[0]
  const webhooks = app === undefined || user === undefined ? [] : [
    "",
    "Webhooks: point the app at your receiver, register for a user's lives, start one:",
    `  curl -X PUT ${baseUrl}/_simulator/apps/${app.clientId}/webhook_url -H 'content-type: application/json' \\`,
    `    -d '{"url":"http://127.0.0.1:8080/twitcasting/webhook"}'`,
    `  curl -X POST ${baseUrl}/webhooks -u '${app.clientId}:${app.clientSecret}' -H 'content-type: application/json' \\`,
    `    -d '{"user_id":"${user.id}","events":["livestart","liveend"]}'`,
    `  curl -X POST ${baseUrl}/_simulator/users/${user.screenId}/live`,
    "(or Webhooks.registerWebhook with the app's credentials; check with Webhooks.receiver and the signature above)"
  ]
  return [
    `TwitCasting API simulator on ${baseUrl}`,
    `  images:     ${imagesUrl} (where the thumbnail redirects)`,
    `  users:      ${seed.users.map((user) => `${user.screenId} (${user.id})`).join(", ")}`,
    "  user tokens (TWITCASTING_ACCESS_TOKEN, or Authorization: Bearer <token>):",
    ...tokens,
    "  apps (TWITCASTING_CLIENT_ID, TWITCASTING_CLIENT_SECRET, TWITCASTING_WEBHOOK_SIGNATURE):",
    ...apps,
    `  rate limit: ${buckets}`,
    `  control:    ${baseUrl}/_simulator/stats (see the simulator's Control module)`,
    `  reference:  ${baseUrl}/docs`,
    ...webhooks,
    ""
  ].join("\n")
}

const exchange = (message: unknown): { request: IncomingMessage; response: ServerResponse } | undefined =>
  typeof message === "object" && message !== null && "request" in message && "response" in message
    ? message as { request: IncomingMessage; response: ServerResponse }
    : undefined

const clockTime = (millis: number) => new Date(millis).toISOString().slice(11, 19)

/**
 * One line per answered request, from node's HTTP diagnostics channels, for
 * as long as the scope lives: the time, the method, the path without its
 * query, the status and how long it took. No header is ever read.
 */
const logRequests = Effect.gen(function*() {
  const run = Runtime.runFork(yield* Effect.runtime<never>())
  const started = new WeakMap<IncomingMessage, number>()
  const onStart = (message: unknown) => {
    const sent = exchange(message)
    if (sent !== undefined) started.set(sent.request, performance.now())
  }
  const onFinish = (message: unknown) => {
    const sent = exchange(message)
    if (sent === undefined) return
    const took = Math.round(performance.now() - (started.get(sent.request) ?? performance.now()))
    const path = (sent.request.url ?? "/").split("?")[0]
    run(
      Effect.flatMap(
        Clock.currentTimeMillis,
        (now) => Console.log(`${clockTime(now)} ${sent.request.method} ${path} ${sent.response.statusCode} ${took} ms`)
      )
    )
  }
  yield* Effect.acquireRelease(
    Effect.sync(() => {
      subscribe("http.server.request.start", onStart)
      subscribe("http.server.response.finish", onFinish)
    }),
    () =>
      Effect.sync(() => {
        unsubscribe("http.server.request.start", onStart)
        unsubscribe("http.server.response.finish", onFinish)
      })
  )
})

const main = Effect.gen(function*() {
  const values = yield* parse(process.argv.slice(2))
  if (values.help) {
    yield* Console.log(usage)
    return 0
  }
  const listen = yield* port(values.port)
  const chatter = yield* seconds("chatter")(values.chatter)
  const rateLimit = {
    limit: yield* limit(values["rate-limit"]),
    window: Duration.seconds(yield* positive("window")(values.window)),
    timeScale: yield* positive("time-scale")(values["time-scale"])
  }
  const [Seed, Simulator] = yield* load
  const seed = values.seed === undefined ? Seed.defaultSeed(new Date()) : yield* readSeed(values.seed, Seed.Seed)
  const simulator = Simulator.layer({
    seed,
    port: listen,
    host: values.host,
    rateLimit,
    ...(chatter > 0 ? { chatter: Duration.seconds(chatter) } : {})
  })
  const buckets = Simulator.rateLimitBuckets(rateLimit)
    .map((bucket) => `${bucket.name} ${bucket.limit} per ${Duration.toMillis(bucket.window) / 1000} s`)
    .join(", ") + " per token" + (rateLimit.timeScale === 1 ? "" : ` (time scale ${rateLimit.timeScale})`)
  return yield* Effect.gen(function*() {
    const { baseUrl, imagesUrl } = yield* Simulator.Simulator
    yield* Console.log(banner(baseUrl, imagesUrl, seed, buckets))
    if (!values.quiet) yield* logRequests
    return yield* Effect.never
  }).pipe(
    Effect.scoped,
    Effect.provide(simulator),
    Effect.catchTag("ServeError", (error) =>
      Effect.fail(
        new StartError({
          reason: inUse(error.cause)
            ? `port ${listen} is in use: pass --port`
            : `cannot listen on ${values.host}:${listen}: ${
              error.cause instanceof Error ? error.cause.message : error.cause
            }`
        })
      ))
  )
})

/** One plain line on stderr for an expected failure, and the exit code: 2 for a wrong command line, 1 otherwise. */
const program = main.pipe(
  Effect.catchTags({
    UsageError: (error) => Console.error(`twitcasting-simulator: ${error.reason} (see --help)`).pipe(Effect.as(2)),
    StartError: (error) => Console.error(`twitcasting-simulator: ${error.reason}`).pipe(Effect.as(1))
  }),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, {
  teardown: (exit, onExit) =>
    onExit(Exit.match(exit, {
      onFailure: (cause) => Cause.isInterruptedOnly(cause) ? 0 : 1,
      onSuccess: (code) => typeof code === "number" ? code : 0
    }))
})
