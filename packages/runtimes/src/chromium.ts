/**
 * Headless Chromium (Debian's `chromium` package) driven by
 * `playwright-core`, as a scoped resource.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { chromium } from "playwright-core"

/**
 * Chromium could not be started or driven.
 *
 * @example
 * ```ts
 * import { BrowserError } from "./chromium.js"
 *
 * const error = new BrowserError({ step: "launch", message: "no such file" })
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class BrowserError extends Schema.TaggedError<BrowserError>()("BrowserError", {
  step: Schema.String,
  message: Schema.String
}) {}

/**
 * Runs a step of the browser session, turning a rejection into a
 * {@link BrowserError} naming the step.
 *
 * @example
 * ```ts
 * import { step } from "./chromium.js"
 *
 * const wait = step("wait", () => new Promise((resolve) => setTimeout(resolve, 10)))
 * ```
 *
 * @category driving
 * @since 0.1.0
 */
export const step = <A>(name: string, run: () => Promise<A>) =>
  Effect.tryPromise({
    try: run,
    catch: (cause) => new BrowserError({ step: name, message: cause instanceof Error ? cause.message : String(cause) })
  })

/**
 * The flags that keep Chromium headless and quiet on a closed network:
 * without the background-networking ones its connections are refused.
 *
 * @example
 * ```ts
 * import { flags } from "./chromium.js"
 *
 * const headless = flags.includes("--headless")
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/**
 * A browser for as long as the scope lives; `CHROMIUM_PATH` names the
 * executable, `/usr/bin/chromium` by default.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { launch, step } from "./chromium.js"
 *
 * const version = Effect.scoped(Effect.flatMap(launch, (browser) => step("version", async () => browser.version())))
 * ```
 *
 * @category driving
 * @since 0.1.0
 */
export const launch = Effect.gen(function*() {
  const executablePath = yield* Config.string("CHROMIUM_PATH").pipe(Config.withDefault("/usr/bin/chromium"))
  return yield* Effect.acquireRelease(
    step("launch", () => chromium.launch({ executablePath, args: flags })),
    (browser) => Effect.promise(() => browser.close())
  )
})
