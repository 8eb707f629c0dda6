/**
 * The `twitcasting` executable as a real process (Node with tsx's loader,
 * as `pnpm start` runs it), against the simulator on a real port: standard
 * output, standard error and the exit code the shell sees.
 */
import { Seed, Simulator } from "@effect-twitcasting/simulator"
import { Command, FileSystem } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Stream, String } from "effect"
import { fileURLToPath } from "node:url"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

const text = <E>(stream: Stream.Stream<Uint8Array, E>) => stream.pipe(Stream.decodeText(), Stream.mkString)

/** `twitcasting <args>` in a child process with these variables (and a config directory of its own). */
const spawn = (args: ReadonlyArray<string>, env: Record<string, string>) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped()
    const child = yield* Command.make(process.execPath, "--import", "tsx", "src/bin.ts", ...args).pipe(
      Command.workingDirectory(packageDir),
      Command.env({ TWITCASTING_CONFIG_DIR: dir, NO_COLOR: "1", ...env }),
      Command.start
    )
    const [out, err, code] = yield* Effect.all([text(child.stdout), text(child.stderr), child.exitCode], {
      concurrency: 3
    })
    return { out: String.trimEnd(out), err: String.trimEnd(err), code: Number(code) }
  })

const Env = Layer.merge(Simulator.layer(), NodeContext.layer)

describe("the executable", () => {
  it.live(
    "prints JSON lines and exits 0; a usage error exits 2; an unreachable API exits 1",
    () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* Simulator.Simulator
        const env = { TWITCASTING_BASE_URL: baseUrl, TWITCASTING_ACCESS_TOKEN: Seed.demoToken("casma_jp") }
        const [user, usage, unreachable] = yield* Effect.all([
          spawn(["--json", "user", "yuki_sings"], env),
          spawn(["comment", "189037369"], env),
          spawn(["whoami", "--base-url", "http://127.0.0.1:9"], env)
        ], { concurrency: 3 })
        expect(user.code).toBe(0)
        expect(JSON.parse(user.out)).toMatchObject({ user: { screen_id: "yuki_sings", name: "ゆき🎤" } })
        expect(user.err).toBe("")
        expect(usage.code).toBe(2)
        expect(usage.err).toContain("Missing argument <text>")
        expect(unreachable.code).toBe(1)
        expect(unreachable.err).toBe(
          "twitcasting: could not reach http://127.0.0.1:9/verify_credentials (Transport): check your network or --base-url"
        )
      }).pipe(Effect.scoped, Effect.provide(Env)),
    60_000
  )
})
