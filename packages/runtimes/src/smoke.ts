/**
 * The smoke program: what a bot on a server does with the SDK, run on one
 * runtime against a simulator that the runner drives from outside. Calls, a
 * paged stream, the comment and gift tails, the webhook receiver on the
 * runtime's own HTTP server and the realtime socket, each until it has
 * delivered.
 *
 * Protocol with the runner (`host.ts`): once the receiver is served and the
 * webhook registered, the program prints `ready <receiver url>`; the runner
 * then delivers webhooks there, starts a live and keeps posting comments
 * and sending gifts. The program ends with one line, `smoke ok: ...`, or
 * fails.
 *
 * @since 0.1.0
 */
import { Auth, Comments, Gifts, Movies, Realtime, Users, Webhooks } from "@effect-twitcasting/sdk"
import type * as HttpApp from "@effect/platform/HttpApp"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Queue from "effect/Queue"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

/**
 * Serves an `HttpApp` on the runtime's own HTTP server, on a free port of
 * 127.0.0.1, for as long as the scope lives; its base URL.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { Serve } from "./smoke.js"
 *
 * const nowhere: Serve = () => Effect.succeed("http://127.0.0.1:9")
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Serve = (app: HttpApp.Default) => Effect.Effect<string, HttpServerError.ServeError, Scope.Scope>

/**
 * Where the simulator is and the credentials it issued, from the
 * environment the runner sets.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SmokeConfig } from "./smoke.js"
 *
 * const where = Effect.map(SmokeConfig, (config) => config.baseUrl)
 * ```
 *
 * @category config
 * @since 0.1.0
 */
export const SmokeConfig = Config.all({
  baseUrl: Config.string("TWITCASTING_BASE_URL"),
  realtimeUrl: Config.string("TWITCASTING_REALTIME_URL"),
  token: Config.redacted("TWITCASTING_ACCESS_TOKEN"),
  clientId: Config.string("TWITCASTING_CLIENT_ID"),
  clientSecret: Config.redacted("TWITCASTING_CLIENT_SECRET"),
  webhookSignature: Config.redacted("TWITCASTING_WEBHOOK_SIGNATURE")
})

/**
 * The user whose live the runner starts: the webhook and the realtime
 * socket report it.
 *
 * @example
 * ```ts
 * import { starter } from "./smoke.js"
 *
 * const who = starter.screenId // "casma_jp"
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const starter = { id: "2880417757", screenId: "casma_jp" }

/**
 * What the runner posts on the live the comment tail reads.
 *
 * @example
 * ```ts
 * import { commentText } from "./smoke.js"
 *
 * const mine = commentText.startsWith("smoke")
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const commentText = "smoke test comment"

/**
 * The user whose live the tails read and who receives the gifts.
 *
 * @example
 * ```ts
 * import { host } from "./smoke.js"
 *
 * const token = `demo-token-${host}`
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const host = "twitcasting_jp"

/**
 * Runs the smoke program; needs the runtime's `HttpClient` and WebSocket
 * constructor, and serves the receiver with `serve`.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { NodeSocket } from "@effect/platform-node"
 * import { Effect, Layer } from "effect"
 * import { type Serve, smoke } from "./smoke.js"
 *
 * declare const serve: Serve
 * const program = smoke("node", serve).pipe(
 *   Effect.provide(Layer.merge(FetchHttpClient.layer, NodeSocket.layerWebSocketConstructor))
 * )
 * ```
 *
 * @category programs
 * @since 0.1.0
 */
export const smoke = Effect.fn("smoke")(function*(runtime: string, serve: Serve) {
  const config = yield* SmokeConfig
  return yield* exercise(runtime, serve, config.realtimeUrl).pipe(
    Effect.provide(Auth.layer({
      baseUrl: config.baseUrl,
      webhookSignature: config.webhookSignature,
      credentials: [
        Auth.userToken(config.token),
        Auth.appCredentials({ clientId: config.clientId, clientSecret: config.clientSecret })
      ]
    }))
  )
})

/** The program itself, with the simulator's credentials. */
const exercise = Effect.fnUntraced(function*(runtime: string, serve: Serve, realtimeUrl: string) {
  const { user: who } = yield* Users.verifyCredentials()
  const { movie } = yield* Movies.getCurrentLive({ screenId: host })
  const movies = yield* Stream.runCount(Movies.allMoviesByUser({ screenId: host }))

  const first = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
    Stream.runHead(stream).pipe(
      Effect.flatMap((head) => head), // an Option: none is a NoSuchElementException
      Effect.fork
    )
  const comment = yield* first(Comments.tail({ movieId: movie.id, minInterval: "200 millis" }))
  const gift = yield* first(Gifts.tail({ minInterval: "200 millis" }))
  const live = yield* first(Realtime.lives({ url: realtimeUrl, attempts: 3, baseDelay: "200 millis" }))

  const events = yield* Queue.unbounded<Webhooks.LiveEvent>()
  const receiver = yield* Webhooks.receiver((event) => Queue.offer(events, event))
  const url = yield* serve(receiver)
  yield* Webhooks.registerWebhook({ userId: starter.id, events: ["livestart"] })
  yield* Console.log(`ready ${url}`)

  const seen = yield* Effect.all({
    comment: Fiber.join(comment),
    gift: Fiber.join(gift),
    live: Fiber.join(live),
    webhook: Queue.take(events)
  }, { concurrency: "unbounded" }).pipe(
    Effect.timeoutFail({
      duration: "30 seconds",
      onTimeout: () => new SmokeFailed({ runtime, reason: "the tails, the socket or the receiver delivered nothing" })
    })
  )
  const wrong = [
    seen.comment.message === commentText ? undefined : `the comment tail gave "${seen.comment.message}"`,
    seen.live.broadcaster.screenId === starter.screenId ? undefined : "the socket gave another live",
    seen.webhook._tag === "LiveStart" && seen.webhook.broadcaster.screenId === starter.screenId
      ? undefined
      : `the receiver got ${seen.webhook._tag}`
  ].filter((reason) => reason !== undefined)
  if (wrong.length > 0) return yield* new SmokeFailed({ runtime, reason: wrong.join("; ") })
  yield* Console.log(
    `smoke ok: ${runtime}, ${who.screenId}, ${movies} movies, comment "${seen.comment.message}", ` +
      `gift ${seen.gift.itemName}, realtime ${seen.live.broadcaster.screenId}, webhook ${seen.webhook._tag}`
  )
}, Effect.scoped)

/**
 * Something did not arrive in time, or arrived wrong.
 *
 * @example
 * ```ts
 * import { SmokeFailed } from "./smoke.js"
 *
 * const error = new SmokeFailed({ runtime: "deno", reason: "the socket gave another live" })
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class SmokeFailed extends Schema.TaggedError<SmokeFailed>()("SmokeFailed", {
  runtime: Schema.String,
  reason: Schema.String
}) {}
