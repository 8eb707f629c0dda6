/**
 * The simulator in a child process, so that its memory and CPU stay out of
 * the measurements of the SDK (which runs in this process).
 */
import * as Control from "@effect-twitcasting/simulator/Control"
import { Schema } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const benchDir = fileURLToPath(new URL("..", import.meta.url))
const binPath = fileURLToPath(new URL("../../simulator/src/bin.ts", import.meta.url))

export interface RunningSimulator {
  readonly baseUrl: string
  readonly pid: number
  /** Sends a control request under `/_simulator/` and returns its JSON answer. */
  readonly control: (method: string, path: string, body?: unknown) => Promise<unknown>
  readonly stats: () => Promise<Control.Stats>
  readonly stop: () => Promise<void>
}

const running = new Set<ChildProcess>()
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL")
})

const decodeStats = Schema.decodeUnknownSync(Control.Stats)

/**
 * Starts `simulator/src/bin.ts` on a free port of 127.0.0.1 with no chatter
 * and the given rate limit (every bucket's window multiplied by
 * `timeScale`), and resolves once it prints its URL.
 */
export const start = (
  rateLimit: { readonly limit: number; readonly windowSeconds: number; readonly timeScale?: number }
) =>
  new Promise<RunningSimulator>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        binPath,
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--chatter",
        "0",
        "--rate-limit",
        String(rateLimit.limit),
        "--window",
        String(rateLimit.windowSeconds),
        "--time-scale",
        String(rateLimit.timeScale ?? 1)
      ],
      { cwd: benchDir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } }
    )
    running.add(child)
    let stdout = ""
    let stderr = ""
    let ready = false
    const exited = new Promise<void>((done) => child.once("exit", () => done()))
    child.once("exit", (code, signal) => {
      running.delete(child)
      if (!ready) reject(new Error(`the simulator exited (${code ?? signal}) before it was ready:\n${stderr}`))
    })
    child.stderr.setEncoding("utf8").on("data", (data: string) => {
      stderr += data
    })
    child.stdout.setEncoding("utf8").on("data", (data: string) => {
      if (ready) return
      stdout += data
      const found = /simulator on (http:\/\/\S+)/.exec(stdout)
      if (found === null) return
      ready = true
      const baseUrl = found[1]!
      const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
        const response = await fetch(`${baseUrl}/_simulator/${path}`, {
          method,
          ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } })
        })
        const text = await response.text()
        if (!response.ok) throw new Error(`simulator control ${method} ${path}: ${response.status} ${text}`)
        return JSON.parse(text)
      }
      resolve({
        baseUrl,
        pid: child.pid ?? -1,
        control,
        stats: async () => decodeStats(await control("GET", "stats")),
        stop: async () => {
          child.kill("SIGTERM")
          await exited
        }
      })
    })
  })
