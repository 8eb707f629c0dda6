/**
 * The `twitcasting-simulator` command, spawned as a user runs it (through
 * tsx, from the sources): its help, its one-line errors and exit codes, its
 * banner, and its log of requests.
 */
import { Auth, Users } from "@effect-twitcasting/sdk"
import * as Budget from "@effect-twitcasting/sdk/Budget"
import { Command, FetchHttpClient } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Redacted, Ref, Schedule, Stream } from "effect"
import { createServer, type Server } from "node:net"
import { fileURLToPath } from "node:url"
import { Seed } from "../src/index.js"

const directory = fileURLToPath(new URL("..", import.meta.url))

const command = (...args: ReadonlyArray<string>) =>
  Command.make(process.execPath, "--import", "tsx", "src/bin.ts", ...args).pipe(Command.workingDirectory(directory))

const text = (stream: Stream.Stream<Uint8Array, unknown>) => stream.pipe(Stream.decodeText(), Stream.mkString)

/** Runs the command to its end: its exit code, stdout and stderr. */
const run = (...args: ReadonlyArray<string>) =>
  Effect.scoped(Effect.gen(function*() {
    const process = yield* Command.start(command(...args))
    const [stdout, stderr, code] = yield* Effect.all([text(process.stdout), text(process.stderr), process.exitCode], {
      concurrency: 3
    })
    return { code, stdout, stderr }
  }))

/**
 * Starts the command on a free port and waits for its banner; `stop` sends
 * it SIGINT and gives its exit code and everything it printed. The process
 * is killed with the scope if still running.
 */
const serve = (...args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const process = yield* Command.start(command("--port", "0", "--chatter", "0", ...args))
    const output = yield* Ref.make("")
    const reading = yield* Effect.forkScoped(
      process.stdout.pipe(Stream.decodeText(), Stream.runForEach((chunk) => Ref.update(output, (all) => all + chunk)))
    )
    const banner = yield* Ref.get(output).pipe(
      Effect.filterOrFail((all) => /reference: .*\n/.test(all), () => "no banner yet"),
      // a safety net for a command that never prints it, not a measure of time
      Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("60 seconds")))
    )
    const baseUrl = /simulator on (http:\/\/\S+)/.exec(banner)![1]!
    const stop = Effect.gen(function*() {
      yield* process.kill("SIGINT")
      const code = yield* process.exitCode
      yield* Fiber.join(reading)
      return { code, stdout: yield* Ref.get(output) }
    })
    return { banner, baseUrl, stop }
  })

/** A TCP server holding a port for the scope. */
const occupy = Effect.acquireRelease(
  Effect.async<Server>((resume) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
  }),
  (server) =>
    Effect.async<void>((resume) => {
      server.close(() => resume(Effect.void))
    })
)

const world = Seed.defaultSeed(new Date())

// each test spawns the command; they run side by side
describe.concurrent("twitcasting-simulator", () => {
  it.live("--help prints the usage with every option and exits with 0", () =>
    Effect.gen(function*() {
      const { code, stderr, stdout } = yield* run("--help")
      expect(code).toBe(0)
      expect(stderr).toBe("")
      const options = ["--port", "--host", "--seed", "--chatter", "--rate-limit", "--window", "--time-scale", "--quiet"]
      for (const option of options) expect(stdout).toContain(option)
    }).pipe(Effect.provide(NodeContext.layer)), 120_000)

  it.live("an unknown option or a wrong value is one line on stderr and exit code 2", () =>
    Effect.gen(function*() {
      const [unknown, wrong] = yield* Effect.all([run("--prot", "8787"), run("--port", "eighty")], {
        concurrency: 2
      })
      expect(unknown).toEqual({
        code: 2,
        stdout: "",
        stderr: "twitcasting-simulator: Unknown option '--prot' (see --help)\n"
      })
      expect(wrong).toEqual({
        code: 2,
        stdout: "",
        stderr: "twitcasting-simulator: --port must be a port (0-65535), not \"eighty\" (see --help)\n"
      })
    }).pipe(Effect.provide(NodeContext.layer)), 120_000)

  it.live("a port in use is one plain line and exit code 1", () =>
    Effect.gen(function*() {
      const server = yield* occupy
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      const { code, stderr } = yield* run("--port", String(port))
      expect(code).toBe(1)
      expect(stderr).toBe(`twitcasting-simulator: port ${port} is in use: pass --port\n`)
    }).pipe(Effect.scoped, Effect.provide(NodeContext.layer)), 120_000)

  it.live(
    "the banner lists every token, the app's credentials, signature and webhook commands; each request is one line without its token",
    () =>
      Effect.gen(function*() {
        const { banner, baseUrl, stop } = yield* serve()
        for (const token of world.tokens) expect(banner).toContain(token.token)
        const app = world.apps[0]!
        expect(banner).toContain(app.clientId)
        expect(banner).toContain(app.clientSecret)
        expect(banner).toContain(app.webhookSignature)
        expect(banner).toContain(
          `curl -X PUT ${baseUrl}/_simulator/apps/${app.clientId}/webhook_url -H 'content-type: application/json'`
        )
        expect(banner).toContain(`curl -X POST ${baseUrl}/webhooks -u '${app.clientId}:${app.clientSecret}'`)

        const token = Seed.demoToken("casma_jp")
        const getUser = (screenId: string) =>
          Users.getUserInfo({ screenId }).pipe(
            Effect.provide(Auth.layer({ credentials: Auth.userToken(Redacted.make(token)), baseUrl })),
            Effect.provide(Layer.merge(FetchHttpClient.layer, Budget.layerIsolated()))
          )
        yield* getUser("emily_plays")
        yield* Effect.flip(getUser("nobody_here"))
        const { code, stdout } = yield* stop
        expect(code).toBe(0)
        const log = stdout.slice(banner.length)
        expect(log).toMatch(
          /^\d\d:\d\d:\d\d GET \/users\/emily_plays 200 \d+ ms\n\d\d:\d\d:\d\d GET \/users\/nobody_here 404 \d+ ms\n$/
        )
        expect(log).not.toContain(token)
      }).pipe(Effect.scoped, Effect.provide(NodeContext.layer)),
    120_000
  )

  it.live("--quiet logs no request", () =>
    Effect.gen(function*() {
      const { banner, baseUrl, stop } = yield* serve("--quiet")
      const stats = yield* Effect.tryPromise(() => fetch(`${baseUrl}/_simulator/stats`).then((answer) => answer.json()))
      expect(stats).toMatchObject({ requests: 0 })
      const { code, stdout } = yield* stop
      expect(code).toBe(0)
      expect(stdout).toBe(banner)
    }).pipe(Effect.scoped, Effect.provide(NodeContext.layer)), 120_000)
})
