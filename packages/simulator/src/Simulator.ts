/**
 * A local TwitCasting API v2: the SDK's own `HttpApi` declarations served
 * with in-memory state, the service's rate limit, webhook deliveries, OAuth and
 * fault injection.
 *
 * **When to use**
 *
 * In tests and demos, where the real API is out of reach (no network, no
 * account) or too slow and too shared to test against:
 *
 * - {@link layer} binds `127.0.0.1` on a free port, for tests that go through
 *   real HTTP (or any other HTTP client);
 * - {@link layerClient} plugs the SDK's `HttpClient` straight into the
 *   server's handler, with no socket at all, for fast unit tests;
 * - `pnpm simulator --port 8787` runs it as a command.
 *
 * **Details**
 *
 * The API is implemented with `HttpApiBuilder` over the SDK's `Api`:
 * requests are routed and validated with the declarations' schemas, and
 * answers are encoded with the schemas the SDK decodes with, so the
 * simulator cannot drift from the client. It also serves the OpenAPI
 * document at `/openapi.json` and a Swagger UI at `/docs`. The default world is {@link Seed.defaultSeed}; its
 * app and user tokens are ready to use through {@link userAuth} and
 * {@link appAuth}.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Users } from "@effect-twitcasting/sdk"
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const program = Users.getUserInfo({ screenId: "twitcasting_jp" }).pipe(
 *   Effect.provide(Simulator.userAuth("casma_jp")),
 *   Effect.provide(Layer.merge(Simulator.layer(), FetchHttpClient.layer))
 * )
 * ```
 *
 * @since 0.1.0
 */
import { Auth, Webhooks } from "@effect-twitcasting/sdk"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpServer from "@effect/platform/HttpServer"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as ParseResult from "effect/ParseResult"
import * as Queue from "effect/Queue"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { createServer } from "node:http"
import { type Controls, Delivery } from "./Control.js"
import * as Faults from "./Faults.js"
import * as App from "./internal/app.js"
import { makeControls, State } from "./internal/control.js"
import { cors } from "./internal/cors.js"
import { Realtime } from "./internal/realtime.js"
import { type Notice, type Target, World } from "./internal/world.js"
import * as Seed from "./Seed.js"

/**
 * How a simulator runs.
 *
 * **Details**
 *
 * Every option may be left out. The rate limit is counted per token and per
 * bucket with the service's limits (60 requests per 60 seconds, 30 per 30
 * seconds for the supporter lists) unless `rateLimit` says otherwise; its
 * windows follow Effect's `Clock`, so a `TestClock` drives them in tests.
 *
 * @example
 * ```ts
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const Fast = Simulator.layer({ rateLimit: { limit: 5, window: "1 second" }, chatter: "2 seconds" })
 *
 * // the service's limits, with every window 20 times shorter
 * const Scaled = Simulator.layer({ rateLimit: { timeScale: 0.05 } })
 *
 * // a tighter supporters bucket
 * const Supporters = Simulator.layer({ rateLimit: { buckets: { supporters: { limit: 3, window: "2 seconds" } } } })
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** The starting world; {@link Seed.defaultSeed} of the start time when absent. */
  readonly seed?: Seed.Seed | undefined
  /** The port {@link layer} binds; `0` (default) picks a free one. */
  readonly port?: number | undefined
  /** The address {@link layer} binds; `127.0.0.1` by default. */
  readonly host?: string | undefined
  /**
   * The rate limit, per token and per bucket, as the service counts it: 60
   * requests per 60 seconds in the `"default"` bucket, 30 per 30 seconds in
   * `"supporters"` (the supporter lists). See {@link rateLimitBuckets}.
   *
   * - `limit`, `window`: the `"default"` bucket's.
   * - `buckets`: the other buckets' (a bucket is named by the endpoint's
   *   declaration, `Endpoint.metaOf(endpoint).bucket`); what a bucket leaves
   *   out is its default, and a bucket the simulator has no default for
   *   takes the `"default"` bucket's.
   * - `timeScale`: multiplies every window's length (`0.05` runs them 20
   *   times faster); 1 by default.
   *
   * A window opens at the bucket's first request and ends, as the service's
   * do, at the `X-RateLimit-Reset` header: that first answer's `Date` (its
   * whole second) plus the window, on a whole second. A window of whole
   * seconds thus lasts its length less the fraction of the second it opened
   * in; one shorter than a second, or not a whole number of seconds, ends on
   * the next whole second at or after. A `limit` is a whole number of at
   * least 1 and windows and `timeScale` are above 0; the simulator does not
   * check, and counts with what it is given.
   */
  readonly rateLimit?: {
    /** Requests per window in the `"default"` bucket; 60. */
    readonly limit?: number | undefined
    /** The `"default"` bucket's window; 60 seconds. */
    readonly window?: Duration.DurationInput | undefined
    /** The other buckets' limits and windows; `"supporters"` is 30 per 30 seconds. */
    readonly buckets?:
      | Readonly<
        Record<string, {
          readonly limit?: number | undefined
          readonly window?: Duration.DurationInput | undefined
        }>
      >
      | undefined
    /** Multiplies every window's length; 1. */
    readonly timeScale?: number | undefined
  } | undefined
  /** Fault injection; none by default. */
  readonly faults?: Faults.Options | undefined
  /** The user who approves OAuth authorizations; the first app's owner by default. */
  readonly oauthUser?: string | undefined
  /** When set, viewers comment on every live at this interval (for demos). */
  readonly chatter?: Duration.DurationInput | undefined
  /**
   * Serve `GET /webm_url` as it was before the API removed it on
   * 2025-06-11, for code that still calls it. By default it answers 404, as
   * the API does now.
   */
  readonly webmUrl?: boolean | undefined
}

/**
 * A rate-limit bucket as a simulator counts it: its name, the requests it
 * allows per window, and its window (already multiplied by the time scale).
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const supporters: Simulator.RateLimitBucket = { name: "supporters", limit: 30, window: Duration.seconds(30) }
 * ```
 *
 * @category rate limit
 * @since 0.2.0
 */
export interface RateLimitBucket {
  readonly name: string
  readonly limit: number
  readonly window: Duration.Duration
}

const defaultBuckets: Readonly<Record<string, { readonly limit: number; readonly window: Duration.DurationInput }>> = {
  default: { limit: 60, window: Duration.seconds(60) },
  supporters: { limit: 30, window: Duration.seconds(30) }
}

/**
 * The rate-limit buckets a simulator started with `rateLimit` counts
 * requests in, `"default"` first.
 *
 * **Details**
 *
 * As the service: `"default"` allows 60 requests per 60 seconds and
 * `"supporters"` 30 per 30 seconds. `limit` and `window` set the
 * `"default"` bucket (over `buckets.default`, when both are given),
 * `buckets` the others; what a bucket leaves out is its default, or the
 * `"default"` bucket's for a bucket the simulator has no default for. Every
 * window is then multiplied by `timeScale`. A bucket not listed here is
 * counted with the `"default"` bucket's limit and window, in windows of its
 * own.
 *
 * @example
 * ```ts
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * // default: 60 per 3 s; supporters: 30 per 1.5 s
 * const buckets = Simulator.rateLimitBuckets({ timeScale: 0.05 })
 * ```
 *
 * @category rate limit
 * @since 0.2.0
 */
export const rateLimitBuckets = (rateLimit: Options["rateLimit"] = {}): ReadonlyArray<RateLimitBucket> => {
  const given = rateLimit.buckets ?? {}
  const scale = rateLimit.timeScale ?? 1
  const base = {
    limit: rateLimit.limit ?? given["default"]?.limit ?? defaultBuckets["default"]!.limit,
    window: rateLimit.window ?? given["default"]?.window ?? defaultBuckets["default"]!.window
  }
  const others = Array.from(new Set([...Object.keys(defaultBuckets), ...Object.keys(given)]))
    .filter((name) => name !== "default")
    .map((name) => {
      const fallback = defaultBuckets[name] ?? base
      return { name, limit: given[name]?.limit ?? fallback.limit, window: given[name]?.window ?? fallback.window }
    })
  return [{ name: "default", ...base }, ...others].map(({ limit, name, window }) => ({
    name,
    limit,
    window: Duration.millis(Duration.toMillis(window) * scale)
  }))
}

/**
 * A running simulator: its base URL, its HTTP application, and the control
 * operations of {@link Controls}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const received = Effect.flatMap(Simulator.Simulator, (simulator) => simulator.commentIds("189037369"))
 * ```
 *
 * @category services
 * @since 0.1.0
 */
export class Simulator extends Context.Tag("@effect-twitcasting/simulator/Simulator")<
  Simulator,
  Controls & {
    /** Where the API is served, e.g. `http://127.0.0.1:53817`: give it to `Auth`. */
    readonly baseUrl: string
    /** The realtime lives socket, e.g. `ws://127.0.0.1:53817/lives`: give it to `Realtime.lives`. */
    readonly realtimeUrl: string
    /**
     * The image host the thumbnail redirects to, e.g. `http://127.0.0.1:53818`:
     * another origin than `baseUrl`, as the service's images are on another host.
     */
    readonly imagesUrl: string
    /** The application itself, to mount in another server. */
    readonly app: HttpApp.Default
  }
>() {}

/** The body the service POSTs to an app's webhook URL: the SDK's declaration, signed (a live's carries no `event`, as the documented sample). */
const payloadOf = (notice: Notice, signature: string): Effect.Effect<unknown, ParseResult.ParseError> =>
  Effect.map(
    Schema.encode(Webhooks.Notification)(
      "movie" in notice
        ? { movie: notice.movie, broadcaster: notice.broadcaster }
        : notice.event === "livescheduledelete"
        ? { event: notice.event, liveScheduleId: notice.schedule.id }
        : { event: notice.event, liveSchedule: notice.schedule }
    ),
    (body) => ({ signature, ...body })
  )

const deliveryTimeout = Duration.seconds(10)

/** POSTs each notice to the apps that registered for it, and logs how it went. */
const deliver = (state: State, events: Queue.Queue<Notice>) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const post = (notice: Notice, target: Target) =>
      payloadOf(notice, target.signature)
        .pipe(
          Effect.flatMap((payload) => HttpClientRequest.bodyJson(HttpClientRequest.post(target.url), payload)),
          Effect.flatMap((request) => client.execute(request)),
          Effect.map((response) => ({ status: response.status, error: null })),
          Effect.timeoutFail({ duration: deliveryTimeout, onTimeout: () => new Error("timed out") }),
          Effect.catchAll((error) =>
            Effect.succeed({ status: null, error: "message" in error ? error.message : error._tag })
          ),
          Effect.scoped,
          Effect.map((outcome) =>
            state.deliveries.push(
              new Delivery({
                url: target.url,
                event: notice.event,
                movieId: "movie" in notice ? notice.movie.id : null,
                scheduleId: "schedule" in notice ? notice.schedule.id : null,
                ...outcome
              })
            )
          )
        )
    return yield* Queue.take(events).pipe(
      Effect.flatMap((event) =>
        Effect.forEach(event.apps, (target) => post(event, target), { concurrency: "unbounded" })
      ),
      Effect.forever
    )
  }).pipe(Effect.provide(FetchHttpClient.layer))

const chatterLines = [
  "わこつ！",
  "こんばんは〜",
  "888888",
  "Hello from Toronto!",
  "今来ました",
  "nice stream",
  "草",
  "GG"
]

/** Viewers commenting on every live, in turn. */
const chatter = (world: World, controls: Controls, seed: Seed.Seed, every: Duration.DurationInput) => {
  let turn = 0
  const once = Effect.forEach(seed.users, (owner) =>
    world.currentLive(owner.id).pipe(
      Effect.flatMap((live) => {
        const viewers = seed.users.filter((user) => user.id !== owner.id)
        const viewer = viewers[turn % viewers.length]!
        const line = chatterLines[turn++ % chatterLines.length]!
        return controls.postComment(live.movie.id, viewer.id, line)
      }),
      Effect.ignore
    ), { discard: true })
  return once.pipe(Effect.repeat(Schedule.spaced(every)), Effect.asVoid)
}

/**
 * Starts a simulator's world and machinery (webhook deliveries, chatter) in
 * the current scope, without serving it.
 */
const start = (
  options: Options,
  imagesUrl: string
): Effect.Effect<{ readonly controls: Controls; readonly app: HttpApp.Default }, never, Scope.Scope> =>
  Effect.gen(function*() {
    const seed = options.seed ?? Seed.defaultSeed(new Date())
    // the rate limit's windows follow Effect's clock (a TestClock in tests)
    const clock = yield* Effect.clock
    const events = yield* Queue.unbounded<Notice>()
    const realtime = new Realtime()
    const world = new World(seed, Date.now, (notice) => {
      if ("movie" in notice) realtime.publish(notice)
      if (notice.apps.length > 0) Queue.unsafeOffer(events, notice)
    }, options.webmUrl === true)
    const state = new State(Faults.source(options.faults ?? Faults.none))
    const controls = makeControls(world, state, realtime)
    yield* Effect.forkScoped(deliver(state, events))
    if (options.chatter !== undefined) yield* Effect.forkScoped(chatter(world, controls, seed, options.chatter))
    const app = yield* App.make({
      world,
      realtime,
      controls,
      state,
      limiter: new App.Limiter(
        new Map(
          rateLimitBuckets(options.rateLimit).map(({ limit, name, window }) => [name, {
            limit,
            windowMillis: Duration.toMillis(window)
          }])
        ),
        () => clock.unsafeCurrentTimeMillis()
      ),
      oauthUser: options.oauthUser ?? seed.apps[0]?.ownerUserId ?? seed.users[0]?.id ?? "",
      imagesUrl
    })
    return { controls, app: cors(app) }
  })

/**
 * A simulator served over HTTP on `127.0.0.1` (a free port unless `port` is
 * given), for as long as the layer lives.
 *
 * **Details**
 *
 * The thumbnail's images are served on a second free port of the same
 * address (`imagesUrl`): another origin, as the service redirects to
 * another host.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const printUrl = Effect.flatMap(Simulator.Simulator, (simulator) => Effect.log(simulator.baseUrl)).pipe(
 *   Effect.provide(Simulator.layer({ rateLimit: { limit: 5, window: "1 second" } }))
 * )
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<Simulator, HttpServerError.ServeError> =>
  Layer.scoped(
    Simulator,
    Effect.gen(function*() {
      const host = options.host ?? "127.0.0.1"
      const imageServer = yield* NodeHttpServer.make(() => createServer(), { port: 0, host })
      yield* imageServer.serve(App.images)
      const imagesUrl = `http://${host}:${portOf(imageServer)}`
      const { app, controls } = yield* start(options, imagesUrl)
      const server = yield* NodeHttpServer.make(() => createServer(), { port: options.port ?? 0, host })
      yield* server.serve(dropConnections(app))
      const port = portOf(server)
      return {
        ...controls,
        app,
        baseUrl: `http://${host}:${port}`,
        realtimeUrl: `ws://${host}:${port}/lives`,
        imagesUrl
      }
    })
  )

const portOf = (server: HttpServer.HttpServer) => server.address._tag === "TcpAddress" ? server.address.port : 0

/**
 * On a real socket, a dropped connection is the socket destroyed mid-answer:
 * what a client sees when a server or a proxy dies.
 */
const dropConnections = (app: HttpApp.Default): HttpApp.Default =>
  Effect.flatMap(app, (response) =>
    response.headers[App.dropHeader] === undefined
      ? Effect.succeed(response)
      : Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
        Effect.sync(() => {
          NodeHttpServerRequest.toServerResponse(request).socket?.destroy()
          return response
        })))

/** The origin the socketless client uses; nothing listens there. */
const socketlessBaseUrl = "http://simulator.twitcasting.invalid"

/** The socketless client's image host: another origin, which it hands to the image application. */
const socketlessImagesUrl = "http://images.simulator.twitcasting.invalid"

/**
 * A simulator with no socket: the `HttpClient` it provides hands every
 * request straight to the simulator's handler.
 *
 * **When to use**
 *
 * Unit tests that want the simulator's behaviour at in-process speed, and
 * environments where binding a port is not allowed.
 *
 * **Gotchas**
 *
 * The provided `HttpClient` reaches only the simulator: its API at
 * `baseUrl` and its image host at `imagesUrl` (another origin, where the
 * thumbnail redirects). Webhook deliveries still go out over the network to
 * the URL an app registered.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Comments } from "@effect-twitcasting/sdk"
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const test = Comments.getComments({ movieId: "189037369" }).pipe(
 *   Effect.provide(Simulator.userAuth()),
 *   Effect.provide(Simulator.layerClient())
 * )
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layerClient = (options: Options = {}): Layer.Layer<Simulator | HttpClient.HttpClient> =>
  Layer.scopedContext(
    Effect.gen(function*() {
      const { app, controls } = yield* start(options, socketlessImagesUrl)
      const handler = HttpApp.toWebHandler(app)
      const images = HttpApp.toWebHandler(App.images)
      const client = yield* HttpClient.HttpClient.pipe(
        Effect.provide(FetchHttpClient.layer),
        Effect.provideService(FetchHttpClient.Fetch, (input, init) => {
          const request = new Request(input, init)
          return new URL(request.url).origin === socketlessImagesUrl ? images(request) : handler(request)
        })
      )
      return Context.make(Simulator, {
        ...controls,
        app,
        baseUrl: socketlessBaseUrl,
        realtimeUrl: socketlessBaseUrl.replace(/^http/, "ws") + "/lives",
        imagesUrl: socketlessImagesUrl
      }).pipe(
        Context.add(HttpClient.HttpClient, client)
      )
    })
  )

const userToken = (screenId: string) => Auth.userToken(Redacted.make(Seed.demoToken(screenId)))

const appCredentials = Auth.appCredentials({
  clientId: Seed.demoClientId,
  clientSecret: Redacted.make(Seed.demoClientSecret)
})

const authLayer = (credentials: ReadonlyArray<Auth.Credentials>): Layer.Layer<Auth.Auth, never, Simulator> =>
  Layer.effect(
    Auth.Auth,
    Effect.flatMap(Simulator, (simulator) =>
      Auth.make({
        credentials,
        baseUrl: simulator.baseUrl,
        webhookSignature: Redacted.make(Seed.demoWebhookSignature)
        // the world's own credentials and the simulator's own URL always pass
      }).pipe(Effect.orDie))
  )

/**
 * SDK credentials for the simulator: the default world's token of a user
 * (`twitcasting_jp` unless named), pointed at the simulator's base URL.
 *
 * @example
 * ```ts
 * import { Users } from "@effect-twitcasting/sdk"
 * import { Simulator } from "@effect-twitcasting/simulator"
 * import { Effect } from "effect"
 *
 * const me = Users.verifyCredentials().pipe(Effect.provide(Simulator.userAuth("emily_plays")))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const userAuth = (screenId = "twitcasting_jp"): Layer.Layer<Auth.Auth, never, Simulator> =>
  authLayer([userToken(screenId)])

/**
 * SDK app credentials for the simulator: the default world's app.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-twitcasting/sdk"
 * import { Simulator } from "@effect-twitcasting/simulator"
 * import { Effect } from "effect"
 *
 * const hooks = Webhooks.getWebhookList().pipe(Effect.provide(Simulator.appAuth))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const appAuth: Layer.Layer<Auth.Auth, never, Simulator> = authLayer([appCredentials])

/**
 * SDK credentials for the simulator holding both kinds: a user's token and
 * the default world's app, as a bot that comments and registers webhooks
 * needs.
 *
 * @example
 * ```ts
 * import { Users, Webhooks } from "@effect-twitcasting/sdk"
 * import { Simulator } from "@effect-twitcasting/simulator"
 * import { Effect } from "effect"
 *
 * const both = Effect.all([Users.verifyCredentials(), Webhooks.getWebhookList()]).pipe(
 *   Effect.provide(Simulator.bothAuth("emily_plays"))
 * )
 * ```
 *
 * @category layers
 * @since 0.3.0
 */
export const bothAuth = (screenId = "twitcasting_jp"): Layer.Layer<Auth.Auth, never, Simulator> =>
  authLayer([userToken(screenId), appCredentials])
