/**
 * A throwaway `redis-server` for the Redis tests, on a free port of
 * 127.0.0.1, with nothing saved. Starting it FAILS (never skips) when
 * `redis-server` is missing or does not answer.
 */
import { Redis } from "ioredis"
import { type ChildProcess, spawn } from "node:child_process"
import { createServer } from "node:net"

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

export interface RedisServer {
  readonly port: number
  readonly stop: () => Promise<void>
}

export const startRedis = async (): Promise<RedisServer> => {
  const port = await freePort()
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" }
  )
  const exited = new Promise<never>((_, reject) => {
    child.once("error", (error) => reject(new Error(`redis-server could not start: ${error.message}`)))
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)))
  })
  const ready = (async () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0 })
      client.on("error", () => undefined)
      try {
        await client.connect()
        await client.ping()
        return
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100))
      } finally {
        client.disconnect()
      }
    }
    throw new Error(`redis-server did not answer on port ${port}`)
  })()
  try {
    await Promise.race([ready, exited])
  } catch (error) {
    child.kill()
    throw error
  }
  exited.catch(() => undefined)
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill()
      })
  }
}
