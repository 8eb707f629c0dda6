/**
 * The overlay (`examples/overlay`) as the browser check and the screenshot
 * use it: bundled, served, and opened against a simulator with a user's
 * token.
 *
 * @since 0.1.0
 */
import { Seed, type Simulator } from "@effect-twitcasting/simulator"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import { fileURLToPath } from "node:url"
import { bundle } from "./bundle.js"
import type { Page } from "./pages.js"

const folder = fileURLToPath(new URL("../../../examples/overlay/", import.meta.url))

/**
 * The overlay's entry, for bundling.
 *
 * @example
 * ```ts
 * import { overlayEntry } from "./overlay.js"
 *
 * const isTs = overlayEntry.endsWith(".ts")
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const overlayEntry = `${folder}overlay.ts`

/**
 * The overlay's page and script, to serve under `/overlay/`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { overlayPages } from "./overlay.js"
 *
 * const paths = Effect.map(overlayPages, (files) => Object.keys(files))
 * ```
 *
 * @category serving
 * @since 0.1.0
 */
export const overlayPages = Effect.gen(function*() {
  const fs = yield* FileSystem.FileSystem
  const html = yield* fs.readFileString(`${folder}index.html`)
  const script = yield* bundle(overlayEntry, { minify: true })
  return {
    "/overlay/index.html": { type: "text/html", body: html },
    "/overlay/overlay.js": { type: "text/javascript", body: script }
  } satisfies Record<string, Page>
})

/**
 * The overlay's address for the host of the default world's live, reading
 * the simulator with that user's token.
 *
 * @example
 * ```ts
 * import type { Simulator } from "@effect-twitcasting/simulator"
 * import { overlayUrl } from "./overlay.js"
 *
 * declare const simulator: Simulator.Simulator["Type"]
 * const url = overlayUrl("http://127.0.0.1:8080", simulator)
 * ```
 *
 * @category serving
 * @since 0.1.0
 */
export const overlayUrl = (pages: string, simulator: Simulator.Simulator["Type"]) =>
  `${pages}/overlay/index.html?api=${encodeURIComponent(simulator.baseUrl)}#token=${Seed.demoToken("twitcasting_jp")}`
