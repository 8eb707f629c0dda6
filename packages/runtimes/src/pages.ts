/**
 * A static server for the pages under test: files held in memory, served
 * from 127.0.0.1 on a free port (another origin than the simulator's).
 *
 * @since 0.1.0
 */
import { NodeHttpServer } from "@effect/platform-node"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import { createServer } from "node:http"

/**
 * A file to serve: its content type and body.
 *
 * @example
 * ```ts
 * import type { Page } from "./pages.js"
 *
 * const page: Page = { type: "text/html", body: "<p>hi</p>" }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Page {
  readonly type: string
  readonly body: string
}

/**
 * Serves `files` (by path, e.g. `/index.html`) for as long as the scope
 * lives; its base URL. Anything else is a 404.
 *
 * @example
 * ```ts
 * import { servePages } from "./pages.js"
 *
 * const site = servePages({ "/index.html": { type: "text/html", body: "<p>hi</p>" } })
 * ```
 *
 * @category serving
 * @since 0.1.0
 */
export const servePages = Effect.fn("servePages")(function*(files: Readonly<Record<string, Page>>) {
  const server = yield* NodeHttpServer.make(() => createServer(), { port: 0, host: "127.0.0.1" })
  yield* server.serve(Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
    const file = files[new URL(request.url, "http://pages").pathname]
    return file === undefined
      ? HttpServerResponse.text("not found", { status: 404 })
      : HttpServerResponse.text(file.body, { contentType: `${file.type}; charset=utf-8` })
  }))
  return server.address._tag === "TcpAddress" ? `http://127.0.0.1:${server.address.port}` : ""
})
