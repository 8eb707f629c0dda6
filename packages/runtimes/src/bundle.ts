/**
 * Bundling for the browser with esbuild, as an effect: one ES module with
 * everything it imports, for a page to load.
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
 * The entry bundled for the browser (ES2022, an ES module), minified or
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
        format: "esm",
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
