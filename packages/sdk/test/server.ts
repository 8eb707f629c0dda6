/**
 * A real HTTP server on 127.0.0.1 for tests that need a socket: what a
 * transport does (abort, inflate, hold a connection) only shows there.
 */
import { Effect, type Layer } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Auth, type Errors } from "../src/index.js"
import { authLayer, token } from "./mock.js"

export interface Local {
  readonly baseUrl: string
  /** A user-token `Auth` pointed at this server. */
  readonly auth: Layer.Layer<Auth.Auth, Errors.OptionsError>
}

/** A server answering with `handle` for the life of the scope; closed with its connections after. */
export const local = (handle: (request: IncomingMessage, response: ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly local: Local; readonly close: () => void }>((resume) => {
      const server = createServer(handle)
      server.listen(0, "127.0.0.1", () => {
        const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        resume(Effect.succeed({
          local: { baseUrl, auth: authLayer({ credentials: Auth.userToken(token), baseUrl }) },
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    (running) => Effect.sync(running.close)
  ).pipe(Effect.map((running) => running.local))
