/**
 * The whole TwitCasting API v2 as one `HttpApi`: every module's group, and
 * the error bodies every endpoint may answer.
 *
 * **When to use**
 *
 * To serve the API (the simulator implements it with `HttpApiBuilder`, so a
 * missing or mistyped handler does not compile), to write its OpenAPI
 * document, or to list its endpoints. To call it, use the modules' calls
 * (`Users.getUserInfo`, ...), which add credentials, rate limits, retries
 * and typed errors.
 *
 * @example
 * ```ts
 * import { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * const writes = Api.endpoints
 *   .filter(({ endpoint }) => !Endpoint.metaOf(endpoint).idempotent)
 *   .map(({ endpoint, group }) => `${group}.${endpoint.name}`)
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/
 * @since 0.1.0
 */
import * as HttpApi from "@effect/platform/HttpApi"
import type * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Broadcasting from "./Broadcasting.js"
import * as Categories from "./Categories.js"
import * as Comments from "./Comments.js"
import { BadRequest, Forbidden, InternalServerError, NotFound, Unauthorized } from "./Endpoint.js"
import * as Gifts from "./Gifts.js"
import * as Movies from "./Movies.js"
import * as Search from "./Search.js"
import * as Supporters from "./Supporters.js"
import * as Users from "./Users.js"
import * as Webhooks from "./Webhooks.js"

/**
 * TwitCasting API v2, declared with `@effect/platform`'s `HttpApi`.
 *
 * @example
 * ```ts
 * import { HttpApiBuilder } from "@effect/platform"
 * import { Effect } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const categories = HttpApiBuilder.group(Api.Api, "Categories", (handlers) =>
 *   handlers.handle("getCategories", () => Effect.succeed({ categories: [] })))
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export class Api extends HttpApi.make("twitcasting")
  .add(Users.group)
  .add(Movies.group)
  .add(Comments.group)
  .add(Gifts.group)
  .add(Supporters.group)
  .add(Categories.group)
  .add(Search.group)
  .add(Webhooks.group)
  .add(Broadcasting.group)
  .addError(BadRequest)
  .addError(Unauthorized)
  .addError(Forbidden)
  .addError(NotFound)
  .addError(InternalServerError)
  .annotate(OpenApi.Title, "TwitCasting API v2")
  .annotate(OpenApi.Description, "TwitCasting API v2, as declared by effect-twitcasting")
{}

/**
 * Every endpoint, with the name of its group, in the order of the groups.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const routes = Api.endpoints.map(({ endpoint }) => `${endpoint.method} ${endpoint.path}`)
 * ```
 *
 * @category declarations
 * @since 0.1.0
 */
export const endpoints: ReadonlyArray<{
  readonly group: string
  readonly endpoint: HttpApiEndpoint.HttpApiEndpoint.AnyWithProps
}> = Object.values(Api.groups).flatMap((group) =>
  Object.values(group.endpoints).map((endpoint) => ({ group: group.identifier, endpoint }))
)

/**
 * The OpenAPI 3.1 document of the API, made from the declarations.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const text = JSON.stringify(Api.openApi(), null, 2)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const openApi = (): OpenApi.OpenAPISpec => OpenApi.fromApi(Api)
