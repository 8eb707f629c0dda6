/**
 * Realtime lives: a `Stream` of the lives that start on TwitCasting, pushed
 * over the realtime WebSocket, reconnecting when the connection drops.
 *
 * **Details**
 *
 * The socket (`wss://realtime.twitcasting.tv/lives`) takes app credentials
 * (`Auth.appCredentials`), sent as the `Authorization: Basic` header of the
 * opening request. It greets with a `hello` message and then pushes
 * `{ movies: [...] }` for lives that just started. The stream needs a
 * `Socket.WebSocketConstructor`: `NodeSocket.layerWebSocketConstructor` on
 * Node (20 and later), `BunSocket.layerWebSocketConstructor` on Bun,
 * `Socket.layerWebSocketConstructorGlobal` on Deno. It is for servers: a
 * browser's `WebSocket` cannot send the header (and app credentials do not
 * belong in a page).
 *
 * @example
 * ```ts
 * import { NodeSocket } from "@effect/platform-node"
 * import { Effect, Stream } from "effect"
 * import { Realtime } from "@effect-twitcasting/sdk"
 *
 * const announce = Realtime.lives().pipe(
 *   Stream.runForEach(({ broadcaster, movie }) => Effect.log(`${broadcaster.name} started "${movie.title}"`)),
 *   Effect.provide(NodeSocket.layerWebSocketConstructor)
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Socket from "@effect/platform/Socket"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Auth } from "./Auth.js"
import { type AuthenticationError, RealtimeError } from "./Errors.js"
import { authorizationOf, missingCredentials } from "./internal/client.js"
import { Live } from "./Models.js"

/**
 * The service's realtime socket.
 *
 * @example
 * ```ts
 * import { Realtime } from "@effect-twitcasting/sdk"
 *
 * const url = new URL(Realtime.defaultUrl).host // "realtime.twitcasting.tv"
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultUrl = "wss://realtime.twitcasting.tv/lives"

/**
 * How {@link lives} connects and reconnects.
 *
 * @example
 * ```ts
 * import { Realtime } from "@effect-twitcasting/sdk"
 *
 * const patient = Realtime.lives({ attempts: 100, maxDelay: "1 minute" })
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** The socket's URL, without credentials; {@link defaultUrl} by default (the simulator serves its own). */
  readonly url?: string | undefined
  /** The first wait before reconnecting; it doubles up to `maxDelay`, with jitter. Default 1 second. */
  readonly baseDelay?: Duration.DurationInput | undefined
  /** The longest wait before reconnecting. Default 30 seconds. */
  readonly maxDelay?: Duration.DurationInput | undefined
  /**
   * Connections in a row that may fail before the stream fails with
   * `RealtimeError`; a connection that was greeted starts the count again.
   * Default 10.
   */
  readonly attempts?: number | undefined
  /** How long to wait for the socket to open. Default 10 seconds. */
  readonly openTimeout?: Duration.DurationInput | undefined
  /**
   * The lives kept for a consumer that is behind. The socket cannot be told
   * to wait, so when more arrive the oldest waiting ones are dropped: a
   * slow consumer sees the newest lives, and memory stays bounded. Default
   * 1024.
   */
  readonly buffer?: number | undefined
}

/** `movies` first: a struct of `Unknown` accepts any object, the greeting would swallow everything. */
const Message = Schema.Union(
  Schema.Struct({ movies: Schema.Array(Live) }),
  Schema.Struct({ hello: Schema.Unknown.pipe(Schema.filter((hello) => hello !== undefined)) })
)
const decodeMessage = Schema.decodeUnknownOption(Schema.parseJson(Message))

const decoder = new TextDecoder()

/**
 * The constructor as the WebSocket implementations of Node (`ws` on Node 20,
 * undici's global one on 22 and later), Bun and Deno all take it: headers
 * for the opening request in place of the protocols. The platform's
 * constructors (`NodeSocket`, `BunSocket`, `Socket.layerWebSocketConstructorGlobal`)
 * pass their second argument through unchanged. Credentials in the URL's user
 * info are not enough: undici drops them.
 */
type WithHeaders = (url: string, init: { readonly headers: Readonly<Record<string, string>> }) => globalThis.WebSocket

/**
 * The lives that start from now on, each with its broadcaster and tags, for
 * as long as the stream runs.
 *
 * **Details**
 *
 * When the socket closes or cannot be opened, the stream waits (exponential
 * backoff with jitter, from `baseDelay` up to `maxDelay`) and connects
 * again; lives that start while it is disconnected are not replayed by the
 * service. After `attempts` failed connections in a row it fails with
 * `RealtimeError`. Messages it does not recognise are skipped.
 *
 * A consumer that falls behind by more than `buffer` lives (1024 by
 * default) loses the oldest of those waiting: the feed carries every live
 * that starts on the service, and the socket cannot be paused.
 *
 * **Gotchas**
 *
 * Needs app credentials: with a user token it fails at once with
 * `AuthenticationError`. Server-side only (Node, Bun, Deno): the
 * credentials go as a header of the opening request, which a browser's
 * `WebSocket` cannot send, and an app secret does not belong in a page
 * anyway; relay the lives to a page instead (see the overlay example).
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { Realtime } from "@effect-twitcasting/sdk"
 *
 * const firstTen = Realtime.lives({ attempts: 3 }).pipe(Stream.take(10), Stream.runCollect)
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const lives = (
  options: Options = {}
): Stream.Stream<Live, RealtimeError | AuthenticationError, Auth | Socket.WebSocketConstructor> =>
  Stream.unwrap(Effect.gen(function*() {
    const auth = yield* Auth
    if (Option.isNone(auth.app)) return yield* missingCredentials("Realtime.lives", "app")
    const url = options.url ?? defaultUrl
    const authorization = authorizationOf(auth.app.value.credentials)
    // the platform's type names only the protocols; see `WithHeaders` for why the second argument is the headers
    const open = (yield* Socket.WebSocketConstructor) as unknown as WithHeaders
    const attempts = options.attempts ?? 10
    const base = Duration.toMillis(Duration.decode(options.baseDelay ?? "1 second"))
    const max = Duration.toMillis(Duration.decode(options.maxDelay ?? "30 seconds"))
    const openTimeout = options.openTimeout ?? "10 seconds"

    return Stream.asyncScoped<Live, RealtimeError>((emit) => {
      /** One connection: whether it opened and was greeted, and how it closed. */
      const connect = Effect.gen(function*() {
        let opened = false
        let greeted = false
        const socket = yield* Socket.fromWebSocket(
          Effect.acquireRelease(
            Effect.try({
              try: () => open(url, { headers: { authorization: Redacted.value(authorization) } }),
              catch: (cause) => new Socket.SocketGenericError({ reason: "Open", cause })
            }),
            (ws) => Effect.sync(() => ws.close(1000))
          ),
          { openTimeout }
        )
        const end = yield* socket.runRaw((data) => {
          const message = decodeMessage(typeof data === "string" ? data : decoder.decode(data))
          if (Option.isNone(message)) return
          if ("movies" in message.value) { for (const live of message.value.movies) void emit.single(live) }
          else greeted = true
        }, { onOpen: Effect.sync(() => (opened = true)) }).pipe(Effect.either)
        const code = end._tag === "Left" && end.left.reason === "Close" ? end.left.code : undefined
        return { opened, greeted, code }
      })

      const backoff = (failures: number) =>
        Effect.flatMap(Random.next, (r) => {
          const ceiling = Math.min(max, base * 2 ** Math.max(0, failures - 1))
          return Effect.sleep(Duration.millis(ceiling / 2 + r * (ceiling / 2)))
        })

      const loop = (failures: number): Effect.Effect<never, RealtimeError> =>
        Effect.flatMap(connect, ({ code, greeted, opened }) => {
          const next = greeted ? 1 : failures + 1
          if (next >= attempts) {
            return Effect.fail(
              new RealtimeError({
                reason: opened ? "closed" : "open",
                attempts: next,
                ...(code === undefined ? {} : { code })
              })
            )
          }
          return Effect.zipRight(backoff(next), loop(next))
        })

      return loop(0).pipe(
        Effect.catchAll((error) => Effect.sync(() => emit.fail(error))),
        Effect.forkScoped
      )
    }, { bufferSize: Math.max(1, Math.floor(options.buffer ?? 1024)), strategy: "sliding" })
  })).pipe(Stream.withSpan("Realtime.lives"))
