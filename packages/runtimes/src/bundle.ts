/**
 * Bundling for the browser with esbuild, as an effect: one classic script
 * with everything it imports, for a page to load (from a server or, as OBS
 * may, from a local file).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as esbuild from "esbuild"

/**
 * esbuild refused to bundle the entry.
 *
 * @example
 * ```ts
 * import { BundleError } from "./bundle.js"
 *
 * const error = new BundleError({ entry: "src/page.ts", message: "Could not resolve \"x\"" })
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class BundleError extends Schema.TaggedError<BundleError>()("BundleError", {
  entry: Schema.String,
  message: Schema.String
}) {}

/**
 * The entry bundled for the browser (ES2022, one script), minified or
 * not; its code.
 *
 * @example
 * ```ts
 * import { bundle } from "./bundle.js"
 *
 * const page = bundle("src/page.ts", { minify: false })
 * ```
 *
 * @category bundling
 * @since 0.1.0
 */
export const bundle = Effect.fn("bundle")(function*(entry: string, options: { readonly minify: boolean }) {
  const result = yield* Effect.tryPromise({
    try: () =>
      esbuild.build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        format: "iife",
        platform: "browser",
        target: "es2022",
        minify: options.minify,
        legalComments: "none",
        logLevel: "silent"
      }),
    catch: (cause) => new BundleError({ entry, message: cause instanceof Error ? cause.message : String(cause) })
  })
  const file = result.outputFiles[0]
  return file === undefined ? yield* new BundleError({ entry, message: "esbuild wrote nothing" }) : file.text
})
