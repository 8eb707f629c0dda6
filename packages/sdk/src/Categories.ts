/**
 * Categories of the lives being streamed now.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Categories } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const { categories } = yield* Categories.getCategories({ lang: "en" })
 *   for (const category of categories) yield* Effect.log(category.name)
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#categories
 * @since 0.1.0
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as Schema from "effect/Schema"
import { type Call, meta, type Of } from "./Endpoint.js"
import { call } from "./internal/client.js"
import { oneOf, withDefault } from "./internal/wire.js"
import { Category } from "./Models.js"

/**
 * The decoded body of a successful {@link getCategories} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Categories } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Categories.CategoryList)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const CategoryList = Schema.Struct({ categories: Schema.Array(Category) })

/**
 * The declarations of the Categories endpoints.
 *
 * @example
 * ```ts
 * import { Categories } from "@effect-twitcasting/sdk"
 *
 * const paths = Object.values(Categories.group.endpoints).map((endpoint) => endpoint.path)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const group = HttpApiGroup.make("Categories")
  .add(
    HttpApiEndpoint.get("getCategories", "/categories")
      .setUrlParams(Schema.Struct({ lang: withDefault(oneOf("ja", "en"), "ja") }))
      .addSuccess(CategoryList)
      .annotateContext(meta({ access: "any", idempotent: true }))
  )

/**
 * The categories that have lives now, with a live count per sub-category;
 * names in `lang` `"ja"` (default) or `"en"`.
 *
 * @example
 * ```ts
 * import { Categories } from "@effect-twitcasting/sdk"
 *
 * const categories = Categories.getCategories()
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-categories
 * @category calls
 * @since 0.1.0
 */
export const getCategories: Call<Of<typeof group, "getCategories">> = call(group, "getCategories")
