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
import * as Api from "./Api.js"
import type { Call } from "./Endpoint.js"
import { call } from "./internal/client.js"

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
export const getCategories: Call<typeof Api.getCategories> = call(Api.getCategories)
