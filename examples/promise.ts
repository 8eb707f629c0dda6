/**
 * The SDK from Promise code (an Express handler, a Discord bot's event
 * callback): one `ManagedRuntime` for the process, `runtime.runPromise` per
 * request, every typed error turned into an answer before the Promise
 * boundary, and the runtime disposed on shutdown. Here with a plain
 * `node:http` server answering `GET /live?user=<screen id>`.
 *
 * Alone, against the real API: `TWITCASTING_ACCESS_TOKEN=... npx tsx promise.ts`
 * (port 3000). `pnpm demo` runs it against the simulator.
 */
import { Auth, Movies } from "@effect-twitcasting/sdk"
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Console, Effect, Layer, ManagedRuntime } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { fileURLToPath } from "node:url"

/** What the server answers: a status and a JSON body. */
interface Answer {
  readonly status: number
  readonly body: unknown
}

/** Whether a user is live. Its error channel is `never`: each failure is already an answer. */
const liveStatus = (screenId: string): Effect.Effect<Answer, never, Auth.Auth | HttpClient.HttpClient> =>
  Movies.getCurrentLive({ screenId }).pipe(
    Effect.map(({ broadcaster, movie }): Answer => ({
      status: 200,
      body: { live: true, name: broadcaster.name, title: movie.title }
    })),
    Effect.catchTags({
      NotFoundError: () => Effect.succeed<Answer>({ status: 200, body: { live: false } }),
      ValidationError: (error) => Effect.succeed<Answer>({ status: 400, body: { error: error.message } }),
      RateLimitError: (error) => Effect.succeed<Answer>({ status: 503, body: { error: error.message } })
    }),
    Effect.catchAll((error) =>
      Effect.zipRight(Effect.logError(error), Effect.succeed<Answer>({ status: 502, body: { error: error._tag } }))
    )
  )

/** The request handler: Promise code, as an Express or Discord callback is. */
const handler =
  (runtime: ManagedRuntime.ManagedRuntime<Auth.Auth | HttpClient.HttpClient, unknown>) =>
  async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://localhost")
    const { body, status }: Answer = url.pathname === "/live"
      ? await runtime.runPromise(liveStatus(url.searchParams.get("user") ?? "")).catch(() => ({
        // only a layer that could not be built (or a defect) gets here: the typed errors are answers already
        status: 500,
        body: { error: "internal error" }
      }))
      : { status: 404, body: { error: "try /live?user=<screen id>" } }
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
  }

/**
 * Starts the server on `port` with the SDK's services from `layer`; `close`
 * stops taking requests, then disposes the runtime (and what its layer
 * acquired).
 */
export const start = async <E>(layer: Layer.Layer<Auth.Auth | HttpClient.HttpClient, E>, port: number) => {
  const runtime = ManagedRuntime.make(layer)
  // build the layer now: a missing TWITCASTING_ACCESS_TOKEN fails at startup, not on the first request
  await runtime.runtime()
  const server = createServer(handler(runtime))
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : port}`
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await runtime.dispose()
  }
  return { url, close }
}

/** The tour's part: the server on a free port, three requests to it, then shut down. */
export const fromPromiseCode = <E>(layer: Layer.Layer<Auth.Auth | HttpClient.HttpClient, E>) =>
  Effect.promise(async () => {
    const server = await start(layer, 0)
    const lines: Array<string> = []
    for (const user of ["twitcasting_jp", "emily_plays", ""]) {
      const answer = await fetch(`${server.url}/live?user=${encodeURIComponent(user)}`)
      lines.push(`GET /live?user=${user} -> ${answer.status} ${await answer.text()}`)
    }
    await server.close()
    return lines
  }).pipe(Effect.flatMap((lines) => Effect.forEach(lines, (line) => Console.log(line), { discard: true })))

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await start(Layer.merge(Auth.layerConfig(), NodeHttpClient.layerUndici), 3000)
  console.log(`listening: ${server.url}/live?user=twitcasting_jp`)
  const stop = () => void server.close()
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}
