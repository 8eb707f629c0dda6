/**
 * One request attempt: a time limit cheap enough for every call, the HTTP
 * client's own span off, and nothing left unread on a connection after a
 * failure.
 *
 * `Effect.timeoutFail` races the attempt against a sleeping fiber: two
 * forks and an interruption per call, a measurable part of a call to a
 * nearby server (see `packages/bench`). On the live clock the limit needs
 * no fiber at all: the attempt runs on the caller's fiber with its requests
 * tied to a scope (`HttpClient.withScope`), and a timer closes that scope at
 * the deadline, which aborts the requests through their abort signal. The
 * failure the abort causes is then reported as the timeout. The attempts in
 * flight share one timer, set for the earliest deadline: a timer of its own
 * per attempt, set and cleared around every call, costs more than the rest
 * of the limit. Any other clock
 * (the `TestClock`, say) keeps `Effect.timeoutFail`, so that time it
 * controls still decides. A failed attempt closes its scope too, aborting
 * whatever body it did not read (a refused one, say), so that the
 * connection is not held.
 *
 * @internal
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Scope from "effect/Scope"
import { memoize } from "./memo.js"

const live = Clock.make()

/** Longer than a timer can wait: as with `Clock.sleep`, it never fires. */
const maxTimer = 2 ** 31 - 1

/** An attempt in flight: when its time is up, and what ends it then. */
interface Deadline {
  readonly at: number
  readonly expire: () => void
}

/**
 * The deadlines of the attempts in flight, watched by one timer set for the
 * earliest of them. A deadline later than the timer's (the usual case, as
 * attempts share a limit) needs no timer of its own. The timer keeps the
 * process alive only while some attempt waits, as one timer per attempt
 * would.
 */
const deadlines = (() => {
  const pending = new Set<Deadline>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  const now = () => performance.now()
  const hold = (held: boolean) => {
    // a Node timer; other runtimes' timers do not hold a process
    if (typeof timer !== "object" || !("ref" in timer)) return
    if (held) timer.ref()
    else timer.unref()
  }
  const arm = (at: number) => {
    if (timer !== undefined) clearTimeout(timer)
    timerAt = at
    timer = setTimeout(fire, Math.max(0, at - now()))
  }
  const fire = () => {
    timer = undefined
    timerAt = Infinity
    const time = now()
    let next = Infinity
    for (const deadline of pending) {
      if (deadline.at <= time) {
        pending.delete(deadline)
        deadline.expire()
      } else if (deadline.at < next) {
        next = deadline.at
      }
    }
    if (next !== Infinity) arm(next)
  }
  return {
    watch: (millis: number, expire: () => void): Deadline => {
      const deadline = { at: now() + millis, expire }
      if (pending.size === 0) hold(true)
      pending.add(deadline)
      if (deadline.at < timerAt) arm(deadline.at)
      return deadline
    },
    unwatch: (deadline: Deadline) => {
      if (pending.delete(deadline) && pending.size === 0) hold(false)
    }
  }
})()

/** A client whose requests may be tied to the `Scope` in context. */
export type Client = HttpClient.HttpClient.With<HttpClientError.HttpClientError, Scope.Scope>

/** Each client with its requests tied to the scope in context, made once per client. */
const scoped = memoize((http: HttpClient.HttpClient): Client => HttpClient.withScope(http))

/** No request of the SDK gets the HTTP client's own span: the call's span describes it. */
const always = () => true

/**
 * `attempt` run with `http`, or the failure `onTimeout()` when it has not
 * ended within `duration`; its requests are aborted then. The HTTP
 * client's own span is off meanwhile: it would record the raw request,
 * `Authorization` included, and its propagation headers mean nothing to
 * the API.
 *
 * **Details**
 *
 * The scope and the tracer setting are put in place directly, the way
 * `Effect.locally` would, but in one step for both.
 *
 * **Gotchas**
 *
 * On the live clock the limit works through the requests' abort signal,
 * which every `@effect/platform` client honours; a hand-written client that
 * ignores it keeps the attempt waiting until it answers (and a failure
 * then is still reported as the timeout).
 */
export const within = <A, E, E2>(
  http: HttpClient.HttpClient,
  attempt: (client: Client) => Effect.Effect<A, E, Scope.Scope>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> =>
  Effect.flatMap(
    Scope.make(),
    (scope) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.withFiberRuntime<A, E | E2>((fiber) => {
          const context = fiber.currentContext
          const disabledWhen = fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)
          const isLive = Context.get(fiber.currentDefaultServices, Clock.Clock).constructor === live.constructor
          const millis = Duration.toMillis(duration)
          let expired = false
          const deadline = !isLive || millis > maxTimer ? undefined : deadlines.watch(millis, () => {
            expired = true
            Effect.runFork(Scope.close(scope, Exit.void))
          })
          // the `Scope` it needs is put in the fiber's context just below
          const limited = (isLive
            ? attempt(scoped(http))
            : Effect.timeoutFail(attempt(http), { duration, onTimeout })) as Effect.Effect<A, E | E2>
          return Effect.zipRight(
            Effect.zipRight(
              FiberRef.set(FiberRef.currentContext, Context.add(context, Scope.Scope, scope)),
              FiberRef.set(HttpClient.currentTracerDisabledWhen, always)
            ),
            Effect.onExit(restore(limited), (exit) => {
              if (deadline !== undefined) deadlines.unwatch(deadline)
              const back = Effect.zipRight(
                FiberRef.set(FiberRef.currentContext, context),
                FiberRef.set(HttpClient.currentTracerDisabledWhen, disabledWhen)
              )
              // a failed or interrupted attempt is over: whatever it left
              // unread is aborted, so that its connection is not held
              return Exit.isSuccess(exit) ? back : Effect.zipRight(back, Scope.close(scope, exit))
            })
          ).pipe(Effect.mapError((error): E | E2 => expired ? onTimeout() : error))
        })
      )
  )
