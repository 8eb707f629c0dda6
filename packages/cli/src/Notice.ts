/**
 * The status line shown while the SDK waits out a rate limit: "rate
 * limited, next call in 12 s".
 *
 * **Details**
 *
 * The SDK logs each rate-limit wait through Effect's logger with the
 * message `"rate limit: waiting"` and the annotations `twitcasting.bucket`
 * and `twitcasting.waitMillis` (at `Info` when the wait is over a second).
 * {@link logger} turns that record into the status line of the `Output`
 * in the logging fiber's context; it prints warnings and errors as plain
 * lines on standard error, and nothing else.
 *
 * @example
 * ```ts
 * import { Logger } from "effect"
 * import { Notice } from "@effect-twitcasting/cli"
 *
 * const quietExceptWaits = Logger.replace(Logger.defaultLogger, Notice.logger)
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as FiberRef from "effect/FiberRef"
import * as FiberRefs from "effect/FiberRefs"
import * as HashMap from "effect/HashMap"
import type * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Output from "./Output.js"

/** The message the SDK logs a rate-limit wait with. */
const waiting = "rate limit: waiting"

const text = (message: unknown): string =>
  Array.isArray(message) ? message.map(text).join(" ") : typeof message === "string" ? message : String(message)

/**
 * The status line of a log record, when it is a rate-limit wait: how long
 * until the next call, in whole seconds rounded up.
 *
 * @example
 * ```ts
 * import { HashMap } from "effect"
 * import { Notice } from "@effect-twitcasting/cli"
 *
 * const line = Notice.rateLimitLine({
 *   message: "rate limit: waiting",
 *   annotations: HashMap.make(["twitcasting.bucket", "default"], ["twitcasting.waitMillis", 11_200])
 * })
 * // Option.some("rate limited, next call in 12 s")
 * ```
 *
 * @category rendering
 * @since 0.1.0
 */
export const rateLimitLine = (record: {
  readonly message: unknown
  readonly annotations: HashMap.HashMap<string, unknown>
}): Option.Option<string> => {
  if (text(record.message) !== waiting) return Option.none()
  return HashMap.get(record.annotations, "twitcasting.waitMillis").pipe(
    Option.filter((millis): millis is number => typeof millis === "number" && Number.isFinite(millis)),
    Option.map((millis) => `rate limited, next call in ${Math.max(1, Math.ceil(millis / 1000))} s`)
  )
}

/**
 * The command's logger: rate-limit waits as the status line, warnings and
 * errors as a line on standard error, nothing else.
 *
 * @example
 * ```ts
 * import { Effect, Logger } from "effect"
 * import { Notice } from "@effect-twitcasting/cli"
 *
 * const run = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
 *   effect.pipe(Effect.provide(Logger.replace(Logger.defaultLogger, Notice.logger)))
 * ```
 *
 * @category loggers
 * @since 0.1.0
 */
export const logger: Logger.Logger<unknown, void> = Logger.make(({ annotations, context, logLevel, message }) => {
  const output = Context.getOption(FiberRefs.getOrDefault(context, FiberRef.currentContext), Output.Output)
  const line = rateLimitLine({ message, annotations })
  if (Option.isSome(line)) {
    Option.map(output, (terminal) => terminal.status(line.value))
    return
  }
  if (LogLevel.greaterThanEqual(logLevel, LogLevel.Warning)) {
    Option.map(output, (terminal) => terminal.status(""))
    process.stderr.write(`${logLevel.label.toLowerCase()}: ${text(message)}\n`)
  }
})

/**
 * {@link logger} in place of Effect's default logger.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Notice } from "@effect-twitcasting/cli"
 *
 * const quiet = Effect.log("not shown").pipe(Effect.provide(Notice.layer))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<never> = Logger.replace(Logger.defaultLogger, logger)
