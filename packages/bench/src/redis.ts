/**
 * The bench's own `redis-server` (part 5), on a free port of 127.0.0.1,
 * saving nothing. Starting it fails when `redis-server` is missing.
 */
import { spawn } from "node:child_process"
import { createServer } from "node:net"

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

export interface RunningRedis {
  readonly port: number
  readonly stop: () => Promise<void>
}

/** Starts `redis-server` and resolves once it accepts connections. */
export const start = async (): Promise<RunningRedis> => {
  const port = await freePort()
  const child = spawn("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no"
  ], {
    stdio: ["ignore", "pipe", "pipe"]
  })
  const exited = new Promise<void>((done) => child.once("exit", () => done()))
  await new Promise<void>((ready, failed) => {
    let seen = ""
    child.once("error", (error) => failed(new Error(`redis-server could not start: ${error.message}`)))
    child.once("exit", (code) => failed(new Error(`redis-server exited (${code}) before it was ready:\n${seen}`)))
    child.stdout.setEncoding("utf8").on("data", (data: string) => {
      seen += data
      if (seen.includes("Ready to accept connections")) ready()
    })
  })
  return {
    port,
    stop: async () => {
      child.kill("SIGTERM")
      await exited
    }
  }
}
