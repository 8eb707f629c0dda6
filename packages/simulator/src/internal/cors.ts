/**
 * CORS, so that a page in a browser (an OBS overlay, the SDK bundled with
 * `FetchHttpClient`) can call the simulator from another origin: any origin,
 * preflights answered without reaching the API (they count in no window),
 * and the headers the SDK reads exposed to the page.
 *
 * Whether the real service allows browser calls is not known; the simulator
 * allows them so that the browser path can be tested.
 *
 * @internal
 */
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"

/** What the SDK reads from an answer beyond the safelisted headers: the rate limit and the server's clock. */
const exposedHeaders = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "date"]

export const cors = HttpMiddleware.cors({ exposedHeaders, maxAge: 600 })
