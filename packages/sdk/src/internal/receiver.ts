/**
 * The webhook endpoint: bounded body, content type, signature, replay
 * window, and a queue between the answer and the user's handler.
 *
 * @internal
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import { readAtMost, TooLarge } from "./body.js"

export interface Settings {
  readonly maxBodySize: number
  readonly replayWindow: number
  readonly queueSize: number
}

/** What the endpoint answers, and why. */
type Refusal = { readonly status: number; readonly reason: string }

const answer = (status: number, reason: string) => HttpServerResponse.unsafeJson({ status: reason }, { status })

/** The body, read up to `max` bytes: a larger one is refused without reading the rest. */
const readBounded = (request: HttpServerRequest.HttpServerRequest, max: number) =>
  readAtMost(request.stream, max).pipe(
    Effect.mapError((error): Refusal =>
      error instanceof TooLarge ? { status: 413, reason: "body too large" } : { status: 400, reason: "unreadable body" }
    ),
    Effect.map((bytes) => decoder.decode(bytes))
  )

const decoder = new TextDecoder()

/** The last `size` keys added. */
const recent = (size: number) => {
  const keys = new Set<string>()
  return {
    has: (key: string) => keys.has(key),
    add: (key: string) => {
      keys.add(key)
      if (keys.size > size) keys.delete(keys.values().next().value!)
    }
  }
}

/**
 * Starts the handler's worker in the current scope and returns the
 * endpoint. `parse` checks the signature and decodes; `key` identifies a
 * notification for the replay window.
 */
export const make = <A, R>(options: {
  readonly settings: Settings
  readonly parse: (body: string) => Effect.Effect<A, { readonly status: number; readonly reason: string }>
  readonly key: (event: A) => string
  readonly handle: (event: A) => Effect.Effect<unknown, unknown, R>
  readonly name: string
}): Effect.Effect<
  Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest>,
  never,
  R | Scope.Scope
> =>
  Effect.gen(function*() {
    const { settings } = options
    const queue = yield* Queue.dropping<A>(settings.queueSize)
    const context: Context.Context<R> = yield* Effect.context<R>()
    yield* Queue.take(queue).pipe(
      Effect.flatMap((event) =>
        options.handle(event).pipe(
          Effect.catchAllCause((cause) =>
            Cause.isInterruptedOnly(cause)
              ? Effect.failCause(cause)
              : Effect.logError(`${options.name}: the handler failed`, cause)
          ),
          Effect.withSpan(`${options.name}.handler`)
        )
      ),
      Effect.forever,
      Effect.provide(context),
      Effect.forkScoped
    )
    const seen = recent(settings.replayWindow)
    /** A refused delivery, said at Debug (the reason never holds the signature). */
    const refuse = (status: number, reason: string) =>
      Effect.as(
        Effect.logDebug("webhook refused").pipe(
          Effect.annotateLogs({ "twitcasting.status": status, "twitcasting.reason": reason })
        ),
        answer(status, reason)
      )
    return Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      if (request.method !== "POST") return yield* refuse(405, "method not allowed")
      const contentType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()
      if (contentType !== "application/json") return yield* refuse(415, "content type must be application/json")
      const declared = Number(request.headers["content-length"] ?? "0")
      if (declared > settings.maxBodySize) return yield* refuse(413, "body too large")
      const event = yield* Effect.either(Effect.flatMap(readBounded(request, settings.maxBodySize), options.parse))
      if (event._tag === "Left") return yield* refuse(event.left.status, event.left.reason)
      const key = options.key(event.right)
      if (seen.has(key)) return answer(200, "already received")
      const queued = yield* Queue.offer(queue, event.right)
      if (!queued) return yield* refuse(503, "busy, try again")
      seen.add(key)
      return answer(200, "received")
    }).pipe(Effect.withSpan(options.name))
  })
