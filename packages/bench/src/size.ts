/**
 * Part 6, bundle size: what the SDK adds to a page. Two browser bundles,
 * built with esbuild (ES2022, minified, tree-shaken through the packages'
 * `sideEffects: false`): one call (`Users.getUserInfo` on
 * `FetchHttpClient`, `effect` and `@effect/platform` included) and the OBS
 * overlay (`examples/overlay`: both tails, Schema decoding of the relay's
 * events). Sizes in bytes, minified and minified + gzip (level 9).
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as esbuild from "esbuild"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

/**
 * esbuild refused a bundle.
 *
 * @example
 * ```ts
 * import { BundleError } from "./size.js"
 *
 * const error = new BundleError({ bundle: "one call", message: "Could not resolve" })
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class BundleError extends Schema.TaggedError<BundleError>()("BundleError", {
  bundle: Schema.String,
  message: Schema.String
}) {}

/**
 * A bundle's sizes, in bytes.
 *
 * @example
 * ```ts
 * import type { Size } from "./size.js"
 *
 * const ratio = (size: Size) => size.gzipped / size.minified
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Size {
  readonly name: string
  readonly minified: number
  readonly gzipped: number
  /** The SDK's own code in the minified bundle (the rest is effect, @effect/platform and the page). */
  readonly sdk: number
}

const benchDir = fileURLToPath(new URL("../", import.meta.url))

/** The one-call program, as a user would write it. */
const oneCall = `
import { FetchHttpClient } from "@effect/platform"
import { Auth, Users } from "@effect-twitcasting/sdk"
import { Effect, Layer, Redacted } from "effect"

const auth = Auth.layer({ credentials: Auth.userToken(Redacted.make(localStorage.getItem("token") ?? "")) })
Users.getUserInfo({ screenId: "twitcasting_jp" }).pipe(
  Effect.provide(Layer.merge(FetchHttpClient.layer, auth)),
  Effect.runPromise
).then(({ user }) => { document.title = user.name })
`

const build = (name: string, input: Pick<esbuild.BuildOptions, "entryPoints" | "stdin">) =>
  Effect.tryPromise({
    try: () =>
      esbuild.build({
        ...input,
        bundle: true,
        write: false,
        format: "esm",
        platform: "browser",
        target: "es2022",
        minify: true,
        legalComments: "none",
        logLevel: "silent",
        metafile: true
      }),
    catch: (cause) => new BundleError({ bundle: name, message: cause instanceof Error ? cause.message : String(cause) })
  }).pipe(Effect.map((result): Size => {
    const code = result.outputFiles?.[0]?.contents ?? new Uint8Array()
    const inputs = Object.values(result.metafile?.outputs ?? {}).flatMap((output) => Object.entries(output.inputs))
    const sdk = inputs.filter(([path]) => path.includes("sdk/src/")).reduce(
      (sum, [, input]) => sum + input.bytesInOutput,
      0
    )
    return { name, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, sdk }
  }))

/**
 * Both bundles' sizes.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { sizes } from "./size.js"
 *
 * const rows = Effect.runPromise(sizes)
 * ```
 *
 * @category measuring
 * @since 0.1.0
 */
export const sizes: Effect.Effect<ReadonlyArray<Size>, BundleError> = Effect.all([
  build("one call (Users.getUserInfo, FetchHttpClient)", {
    stdin: { contents: oneCall, resolveDir: benchDir, loader: "ts", sourcefile: "one-call.ts" }
  }),
  build("the OBS overlay (examples/overlay)", {
    entryPoints: [fileURLToPath(new URL("../../../examples/overlay/overlay.ts", import.meta.url))]
  })
])
