/**
 * Opening a URL in the user's browser, for `twitcasting login`.
 *
 * **Details**
 *
 * The real one runs `open` (macOS), `cmd /c start` (Windows) or `xdg-open`
 * (elsewhere, when a display is set) and reports whether that worked; the
 * URL is printed in any case, so a machine without a browser (a server over
 * SSH) can copy it. Tests provide their own, which plays the user.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Browser } from "@effect-twitcasting/cli"
 *
 * const opened = Effect.flatMap(Browser.Browser, (browser) => browser.open("https://example.com"))
 * ```
 *
 * @since 0.1.0
 */
import * as PlatformCommand from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * Opens URLs.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Browser } from "@effect-twitcasting/cli"
 *
 * const none = Layer.succeed(Browser.Browser, { open: () => Effect.succeed(false) })
 * ```
 *
 * @category services
 * @since 0.1.0
 */
export class Browser extends Context.Tag("@effect-twitcasting/cli/Browser")<Browser, {
  /** Opens `url`; whether a browser was started. */
  readonly open: (url: string) => Effect.Effect<boolean>
}>() {}

/** Whether a graphical session is there to show a browser in (X11 or Wayland). */
const display = Config.all([
  Config.string("DISPLAY").pipe(Config.withDefault("")),
  Config.string("WAYLAND_DISPLAY").pipe(Config.withDefault(""))
]).pipe(Config.map((names) => names.some((name) => name !== "")))

const opener = (url: string, graphical: boolean) => {
  if (process.platform === "darwin") return [PlatformCommand.make("open", url)]
  if (process.platform === "win32") return [PlatformCommand.make("cmd", "/c", "start", "", url)]
  return graphical ? [PlatformCommand.make("xdg-open", url)] : []
}

/**
 * The system's browser, through the platform's `CommandExecutor`.
 *
 * @example
 * ```ts
 * import { NodeContext } from "@effect/platform-node"
 * import { Layer } from "effect"
 * import { Browser } from "@effect-twitcasting/cli"
 *
 * const live = Browser.layer.pipe(Layer.provide(NodeContext.layer))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<Browser, never, CommandExecutor.CommandExecutor> = Layer.effect(
  Browser,
  Effect.gen(function*() {
    const context = yield* Effect.context<CommandExecutor.CommandExecutor>()
    const graphical = yield* display.pipe(Effect.orElseSucceed(() => false))
    return {
      open: (url: string) =>
        Effect.forEach(opener(url, graphical), (command) => PlatformCommand.exitCode(command)).pipe(
          Effect.map((codes) => codes.length > 0 && codes.every((code) => code === 0)),
          Effect.timeout("5 seconds"),
          Effect.orElseSucceed(() => false),
          Effect.provide(context)
        )
    }
  })
)
