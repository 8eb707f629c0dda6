/**
 * A time limit on one request attempt, cheap enough for every call.
 *
 * `Effect.timeoutFail` races the attempt against a sleeping fiber: two
 * forks and an interruption per call, a measurable part of a call against
 * a nearby server (see `packages/bench`). On the live clock the same limit
 * needs one fork and a timer: the attempt runs on a child fiber, and
 * whichever comes first, its end or the timer, settles the call; the timer
 * interrupts the child. Any other clock (the `TestClock`, say) keeps
 * `Effect.timeoutFail`, so that time it controls still decides.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

const live = Clock.make()

/** Longer than a timer can wait: as with `Clock.sleep`, it never fires. */
const maxTimer = 2 ** 31 - 1

/**
 * `self`, or the failure `onTimeout()` when it has not ended within
 * `duration`; `self` is interrupted then.
 */
export const within = <A, E, R, E2>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2, R> =>
  Effect.clockWith((clock) => {
    if (clock.constructor !== live.constructor) return Effect.timeoutFail(self, { duration, onTimeout })
    const millis = Duration.toMillis(duration)
    if (millis > maxTimer) return self
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.fork(restore(self)), (child) =>
        restore(Effect.async<A, E | E2>((resume) => {
          const settle = (exit: Exit.Exit<A, E>) => {
            clearTimeout(timer)
            resume(exit)
          }
          const timer = setTimeout(() => {
            child.removeObserver(settle)
            resume(Effect.zipRight(Fiber.interrupt(child), Effect.fail(onTimeout())))
          }, millis)
          child.addObserver(settle)
          return Effect.suspend(() => {
            clearTimeout(timer)
            child.removeObserver(settle)
            return Fiber.interrupt(child)
          })
        })))
    )
  })
