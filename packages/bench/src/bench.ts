/**
 * `pnpm bench`: the SDK measured against the simulator (in a child process,
 * on 127.0.0.1), each figure against a baseline measured in the same run.
 *
 * 1. Call overhead: `Users.getUserInfo` through the SDK (on
 *    `NodeHttpClient.layerUndici`, the client the README recommends on Node;
 *    `--client fetch` for `FetchHttpClient`) against the same request made
 *    with `fetch` + `JSON.parse`, 5,000 calls
 *    one at a time and 5,000 at 32 concurrent, in alternating batches after
 *    a warm-up of both.
 * 2. Decode: a 50-comment page decoded as the SDK does (`HttpApiClient`
 *    decodes the body with `Schema.parseJson` and the endpoint's success
 *    schema), and as `JSON.parse` then `Schema.decodeUnknownEither`, against
 *    `JSON.parse` alone.
 * 3. Rate-budget use: 600 calls one at a time on one token, the simulator's
 *    window scaled to 60 requests per second; wall time against the
 *    theoretical minimum, and the 2000 (rate limited) answers sent.
 * 4. Long tail: `Comments.tail` over 1,000,000 comments; heap and RSS growth.
 * 5. Contention: the simulator's real windows ten times faster; (a) 300
 *    concurrent calls on one token in this process, (b) 4 processes × 100
 *    on one token through the Redis budget (`src/fleet.ts`, with a
 *    `redis-server` the bench starts, `src/redis.ts`), (c) the same with
 *    each process on its own memory budget; 2000 answers and time against
 *    the minimum.
 *
 * `pnpm bench` builds the SDK and runs this file with `node
 * --conditions=@effect-twitcasting/compiled --expose-gc --import tsx`: the
 * condition makes `@effect-twitcasting/sdk` the compiled package (`dist/`),
 * the JavaScript a user installs, rather than its TypeScript sources as
 * `tsx` transpiles them (with a `__name` call for every named function it
 * makes). `--only overhead,decode,budget,tail,contention,size` runs some parts, without
 * writing RESULTS.md or latency.svg (for profiling: `pnpm run bench:profile`).
 */
import { Auth, Comments, Retry, Users } from "@effect-twitcasting/sdk"
import * as Budget from "@effect-twitcasting/sdk/Budget"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Duration, Effect, Either, Layer, ManagedRuntime, Redacted, Schema, Stream } from "effect"
import { execFileSync, spawn } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import * as os from "node:os"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import * as Chart from "./chart.js"
import * as RedisServer from "./redis.js"
import * as Simulator from "./simulator.js"
import * as Size from "./size.js"
import { fixed, medianOf, ms, summarize, table } from "./stats.js"

const { values: flags } = parseArgs({
  options: {
    only: { type: "string" },
    calls: { type: "string", default: "5000" },
    "tail-comments": { type: "string", default: "1000000" },
    /** For profiling: the sides of the overhead part to run (sdk, floor, platform, fetch). */
    sides: { type: "string", default: "sdk,floor,platform,fetch" },
    /**
     * The HttpClient under the SDK: `undici` (`NodeHttpClient.layerUndici`,
     * what the README recommends on Node) or `fetch` (`FetchHttpClient`).
     */
    client: { type: "string", default: "undici" }
  }
})
const clientName = flags.client === "fetch" ? "FetchHttpClient" : "NodeHttpClient.layerUndici"
const clientLayer = flags.client === "fetch" ? FetchHttpClient.layer : NodeHttpClient.layerUndici
if (flags.client !== "fetch" && flags.client !== "undici") {
  throw new Error(`--client must be undici or fetch, not ${flags.client}`)
}

const runSides = new Set(flags.sides.split(",").map((side) => side.trim()))
const parts = new Set(
  (flags.only ?? "overhead,decode,budget,tail,contention,size").split(",").map((part) => part.trim())
)
const complete = flags.only === undefined
const overheadCalls = Number(flags.calls)
const tailComments = Number(flags["tail-comments"])

/**
 * Full collections until the heap settles, with turns of the event loop
 * between them so that finalizers (e.g. of fetch bodies) run too.
 */
const settle = async (): Promise<NodeJS.MemoryUsage> => {
  const gc = globalThis.gc
  if (typeof gc !== "function") throw new Error("run node with --expose-gc (pnpm bench does)")
  for (let i = 0; i < 4; i++) {
    gc()
    await new Promise<void>((done) => setTimeout(done, 25))
  }
  gc()
  return process.memoryUsage()
}

const epochNow = () => performance.timeOrigin + performance.now()
const sleep = (millis: number) => new Promise<void>((done) => setTimeout(done, millis))
const mb = (bytes: number) => bytes / (1024 * 1024)

const benchDir = new URL("../", import.meta.url)
const versionOf = (path: string): string =>
  (JSON.parse(readFileSync(new URL(path, benchDir), "utf8")) as { version: string }).version
const versions = {
  node: process.version,
  "@effect-twitcasting/sdk": versionOf("../sdk/package.json"),
  "@effect-twitcasting/simulator": versionOf("../simulator/package.json"),
  effect: versionOf("node_modules/effect/package.json"),
  "@effect/platform": versionOf("node_modules/@effect/platform/package.json"),
  tsx: versionOf("node_modules/tsx/package.json")
}
/** The commit measured (read-only git), and whether the SDK's sources differ from it. */
const revision = (() => {
  try {
    const git = (...args: Array<string>) =>
      execFileSync("git", args, { cwd: fileURLToPath(benchDir), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
        .trim()
    const dirty = git("status", "--porcelain", "--", "../sdk/src") !== ""
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? " (SDK sources modified)" : ""}`
  } catch {
    return "unknown"
  }
})()
/** Where the SDK measured comes from: its compiled package, or its sources. */
const sdkBuild = (() => {
  const url = import.meta.resolve("@effect-twitcasting/sdk")
  return url.endsWith("/dist/index.js") ? "compiled (packages/sdk/dist, built by tsc)" : `sources (${url})`
})()
const userAgent = `effect-twitcasting/${versions["@effect-twitcasting/sdk"]}`

const machine = {
  cpu: os.cpus()[0]?.model.trim() ?? "unknown",
  cores: os.availableParallelism(),
  memory: `${fixed(os.totalmem() / 1024 ** 3, 1)} GiB`,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  node: process.version
}

/** The default world's token of a user, and its live movie. */
const tokenOf = (screenId: string) => `demo-token-${screenId}`
const officialLive = "189037369"
const singingLive = "189037370"

const out: Array<string> = []
const print = (line = "") => {
  out.push(line)
  console.log(line)
}

/**
 * The SDK on `clientLayer` for one token, with a budget of its own: the
 * parts run against simulators of their own, and one part's windows must
 * not hold the next part's calls (the demo tokens are the same in each).
 */
const sdkRuntime = (baseUrl: string, screenId: string, retry?: Layer.Layer<Retry.Retry>) =>
  ManagedRuntime.make(
    Layer.mergeAll(
      clientLayer,
      Auth.layer({ credentials: Auth.userToken(Redacted.make(tokenOf(screenId))), baseUrl }),
      Budget.layerIsolated(),
      retry ?? Layer.empty
    )
  )

// ---------------------------------------------------------------------------
// 1. call overhead

type Side = "sdk" | "floor" | "platform" | "fetch"
const sideNames: ReadonlyArray<Side> = ["sdk", "floor", "platform", "fetch"]
const sideLabels: Record<Side, string> = {
  sdk: "SDK",
  floor: "HttpClient + span, timeout, Schema",
  platform: "HttpClient alone",
  fetch: "fetch + JSON.parse"
}

interface SideResult {
  readonly sequential: Array<number>
  readonly concurrent: Array<number>
  /** Wall time of all its concurrent batches. */
  concurrentWall: number
}

type OverheadResult = Record<Side, SideResult>

const concurrency = 32

const overhead = async (baseUrl: string): Promise<OverheadResult> => {
  const screenId = "twitcasting_jp"
  const url = `${baseUrl}/users/${screenId}`
  const headers = {
    "x-api-version": "2.0",
    "accept": "application/json",
    "user-agent": userAgent,
    "authorization": `Bearer ${tokenOf(screenId)}`
  }
  const runtime = sdkRuntime(baseUrl, screenId)
  const call = Users.getUserInfo({ screenId })

  /** One raw call: the same request, its body read and parsed. */
  const fetchOnce = async (): Promise<unknown> => {
    const response = await fetch(url, { headers })
    const text = await response.text()
    if (response.status !== 200) throw new Error(`fetch: HTTP ${response.status} ${text}`)
    return JSON.parse(text)
  }
  /**
   * The same request through @effect/platform's HttpClient (the SDK's
   * HttpClient) with nothing of the SDK: how much of the SDK's cost is
   * the HTTP client layer under it. For the report only.
   */
  const platformOnce = Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(HttpClientRequest.get(url, { headers }))
    const text = yield* response.text
    if (response.status !== 200) return yield* Effect.die(new Error(`HttpClient: HTTP ${response.status} ${text}`))
    return JSON.parse(text) as unknown
  })

  /**
   * The pieces every call must have, and nothing else of the SDK: the
   * `HttpClient` call in a span of its own (`Effect.fn`), under
   * `Effect.timeoutFail`, its body decoded with the endpoint's success
   * schema. What an idiomatic call cannot cost less than.
   */
  const decodeUserInfo = Schema.decodeUnknown(Users.UserInfo)
  const floorOnce = Effect.fn("floor")(function*() {
    const body = yield* platformOnce.pipe(
      Effect.timeoutFail({ duration: "30 seconds", onTimeout: () => new Error("timeout") })
    )
    return yield* decodeUserInfo(body)
  })()

  /** An Effect call measured one at a time, or by `concurrency` workers. */
  const effectSide = (once: Effect.Effect<unknown, unknown, HttpClient.HttpClient | Auth.Auth>) => ({
    sequential: (n: number, into: Array<number>) =>
      runtime.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) {
          const started = performance.now()
          yield* once
          into.push(performance.now() - started)
        }
      })),
    concurrent: async (n: number, into: Array<number>) => {
      let next = 0
      const worker = Effect.gen(function*() {
        while (next < n) {
          next++
          const started = performance.now()
          yield* once
          into.push(performance.now() - started)
        }
      })
      const started = performance.now()
      await runtime.runPromise(
        Effect.all(Array.from({ length: concurrency }, () => worker), { concurrency: "unbounded", discard: true })
      )
      return performance.now() - started
    }
  })
  const sides: Record<Side, {
    readonly sequential: (n: number, into: Array<number>) => Promise<void>
    readonly concurrent: (n: number, into: Array<number>) => Promise<number>
  }> = {
    sdk: effectSide(call),
    floor: effectSide(floorOnce),
    platform: effectSide(platformOnce),
    fetch: {
      sequential: async (n, into) => {
        for (let i = 0; i < n; i++) {
          const started = performance.now()
          await fetchOnce()
          into.push(performance.now() - started)
        }
      },
      concurrent: async (n, into) => {
        let next = 0
        const worker = async () => {
          while (next < n) {
            next++
            const started = performance.now()
            await fetchOnce()
            into.push(performance.now() - started)
          }
        }
        const started = performance.now()
        await Promise.all(Array.from({ length: concurrency }, worker))
        return performance.now() - started
      }
    }
  }
  const active = sideNames.filter((side) => runSides.has(side))

  // the same answer every way
  const viaSdk = await runtime.runPromise(call)
  const viaFetch = (await fetchOnce()) as { user: { screen_id: string } }
  const viaPlatform = (await runtime.runPromise(platformOnce)) as { user: { screen_id: string } }
  if (viaSdk.user.screenId !== viaFetch.user.screen_id || viaPlatform.user.screen_id !== viaFetch.user.screen_id) {
    throw new Error("the SDK and fetch disagree")
  }

  /** Batches of every active side, the first side rotating from round to round. */
  const rounds = async (
    total: number,
    batch: number,
    run: (side: Side, n: number) => Promise<void>
  ) => {
    for (let round = 0; round * batch < total; round++) {
      const n = Math.min(batch, total - round * batch)
      for (let i = 0; i < active.length; i++) await run(active[(round + i) % active.length]!, n)
    }
  }

  // warm-up: 500 calls each one at a time, 500 each concurrent
  const discard: Array<number> = []
  await rounds(500, 100, (side, n) => sides[side].sequential(n, discard))
  await rounds(500, 250, async (side, n) => void (await sides[side].concurrent(n, discard)))

  const result: OverheadResult = {
    sdk: { sequential: [], concurrent: [], concurrentWall: 0 },
    floor: { sequential: [], concurrent: [], concurrentWall: 0 },
    platform: { sequential: [], concurrent: [], concurrentWall: 0 },
    fetch: { sequential: [], concurrent: [], concurrentWall: 0 }
  }
  // one at a time: batches of 100; concurrent: batches of 500 at 32 in flight
  await rounds(overheadCalls, 100, (side, n) => sides[side].sequential(n, result[side].sequential))
  await rounds(overheadCalls, 500, async (side, n) => {
    result[side].concurrentWall += await sides[side].concurrent(n, result[side].concurrent)
  })
  await runtime.dispose()
  return result
}

// ---------------------------------------------------------------------------
// 2. decode

interface DecodeResult {
  readonly bytes: number
  readonly comments: number
  /** Microseconds per operation, one figure per round. */
  readonly schema: Array<number>
  readonly schemaSync: Array<number>
  readonly parse: Array<number>
}

const decode = async (simulator: Simulator.RunningSimulator): Promise<DecodeResult> => {
  // a realistic page: 50 comments by different users, Japanese, English, emoji
  const lines = [
    "わこつ！",
    "こんばんは〜",
    "888888",
    "Hello from Toronto!",
    "今来ました",
    "nice stream 👍",
    "草",
    "GG"
  ]
  const users = ["twitcasting_jp", "casma_jp", "emily_plays", "ken_speedruns", "hanako_cooks"]
  for (let i = 0; i < 50; i++) {
    await simulator.control("POST", `movies/${singingLive}/comments`, {
      user: users[i % users.length]!,
      message: `${lines[i % lines.length]!} (${i + 1})`
    })
  }
  const response = await fetch(`${simulator.baseUrl}/movies/${singingLive}/comments?limit=50`, {
    headers: { "x-api-version": "2.0", "accept": "application/json", "authorization": `Bearer ${tokenOf("casma_jp")}` }
  })
  const text = await response.text()
  const comments = (JSON.parse(text) as { comments: Array<unknown> }).comments.length
  if (comments !== 50) throw new Error(`expected a page of 50 comments, got ${comments}`)

  const eitherDecode = Schema.decodeUnknownEither(Comments.CommentPage)
  const syncDecode = Schema.decodeUnknownSync(Schema.parseJson(Comments.CommentPage))
  let sink = 0
  const roundOps = 500
  const timeEither = (decode: (body: unknown) => Either.Either<typeof Comments.CommentPage.Type, unknown>) => () => {
    const started = performance.now()
    for (let i = 0; i < roundOps; i++) {
      const decoded = decode(JSON.parse(text))
      if (Either.isLeft(decoded)) throw new Error(`the page does not decode: ${String(decoded.left)}`)
      sink += decoded.right.comments.length
    }
    return (performance.now() - started) * 1000 / roundOps
  }
  const timeSchema = timeEither(eitherDecode)
  const timeSync = () => {
    const started = performance.now()
    for (let i = 0; i < roundOps; i++) sink += syncDecode(text).comments.length
    return (performance.now() - started) * 1000 / roundOps
  }
  const timeParse = () => {
    const started = performance.now()
    for (let i = 0; i < roundOps; i++) sink += (JSON.parse(text) as { comments: Array<unknown> }).comments.length
    return (performance.now() - started) * 1000 / roundOps
  }
  const timers = [
    [timeSchema, "schema"],
    [timeSync, "schemaSync"],
    [timeParse, "parse"]
  ] as const
  for (let i = 0; i < 4; i++) for (const [time] of timers) time()
  const result: DecodeResult = {
    bytes: Buffer.byteLength(text),
    comments,
    schema: [],
    schemaSync: [],
    parse: []
  }
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < timers.length; i++) {
      const [time, method] = timers[(round + i) % timers.length]!
      result[method].push(time())
    }
  }
  if (sink === 0) throw new Error("nothing decoded")
  return result
}

// ---------------------------------------------------------------------------
// 3. rate-budget use

interface BudgetResult {
  readonly calls: number
  readonly limit: number
  readonly windowMillis: number
  readonly jitterMillis: number
  readonly firstStart: number
  readonly theoretical: number
  readonly measured: number
  /** 2000 answers the simulator sent (all tokens, warm-up included). */
  readonly limited: number
  /** Requests of the measured calls. */
  readonly requests: number
  /** Median latency of a call that did not wait. */
  readonly callMedian: number
  /** Answers received per aligned window. */
  readonly perWindow: Array<number>
}

const budget = async (): Promise<BudgetResult> => {
  const limit = 60
  const windowMillis = 1000
  const calls = 600
  const jitterMillis = windowMillis / 60
  const simulator = await Simulator.start({ limit, windowSeconds: windowMillis / 1000 })
  try {
    const screenId = "casma_jp"
    const runtime = sdkRuntime(
      simulator.baseUrl,
      screenId,
      Retry.layer({ rateLimitJitter: Duration.millis(jitterMillis) })
    )
    // build the runtime and load the code paths on another token, so that the
    // measured token starts with a fresh window and nothing else in the way
    const warm = sdkRuntime(simulator.baseUrl, "emily_plays")
    await warm.runPromise(Effect.repeatN(Users.getUserInfo({ screenId: "twitcasting_jp" }), 20))
    await warm.dispose()
    await runtime.runPromise(Effect.void)
    const requestsBefore = (await simulator.stats()).requests
    // start just after a window opens, so that the first window can hold its 60 calls
    await sleep(windowMillis - (Date.now() % windowMillis) + 2)
    const answers: Array<number> = []
    const latencies: Array<number> = []
    const firstStart = epochNow()
    await runtime.runPromise(Effect.gen(function*() {
      for (let i = 0; i < calls; i++) {
        const started = epochNow()
        yield* Users.getUserInfo({ screenId: "twitcasting_jp" })
        const answered = epochNow()
        answers.push(answered)
        latencies.push(answered - started)
      }
    }))
    const measured = epochNow() - firstStart
    await runtime.dispose()
    const firstWindow = Math.floor(firstStart / windowMillis) * windowMillis
    const windowsNeeded = Math.ceil(calls / limit)
    const theoretical = firstWindow + (windowsNeeded - 1) * windowMillis - firstStart
    const perWindow = new Array<number>(windowsNeeded + 2).fill(0)
    for (const answered of answers) perWindow[Math.floor((answered - firstWindow) / windowMillis)]! += 1
    const stats = await simulator.stats()
    return {
      calls,
      limit,
      windowMillis,
      jitterMillis,
      firstStart,
      theoretical,
      measured,
      limited: stats.limited,
      requests: stats.requests - requestsBefore,
      callMedian: medianOf(latencies.filter((latency) => latency < 50)),
      perWindow: perWindow.slice(0, perWindow.reduce((last, count, i) => count > 0 ? i : last, -1) + 1)
    }
  } finally {
    await simulator.stop()
  }
}

// ---------------------------------------------------------------------------
// 4. long tail

interface TailResult {
  readonly comments: number
  readonly counted: number
  readonly seconds: number
  readonly requests: number
  readonly heapBefore: number
  readonly heapAfter: number
  readonly rssBefore: number
  readonly rssAfter: number
  readonly peakRss: number
  /** CPU time this process (the SDK) spent during the tail, in seconds. */
  readonly cpuSeconds: number
}

const tail = async (simulator: Simulator.RunningSimulator): Promise<TailResult> => {
  const ids = (await simulator.control("GET", `movies/${officialLive}/comments`)) as { ids: Array<string> }
  const since = ids.ids[ids.ids.length - 1]
  if (since === undefined) throw new Error("the live has no comment to start after")
  const chunk = 250_000
  for (let added = 0; added < tailComments; added += chunk) {
    await simulator.control("POST", `movies/${officialLive}/comments/bulk`, {
      user: "emily_plays",
      count: Math.min(chunk, tailComments - added)
    })
  }
  const runtime = sdkRuntime(simulator.baseUrl, "yuki_sings")
  await runtime.runPromise(Effect.void)
  const requestsBefore = (await simulator.stats()).requests
  const stream = Comments.tail({ movieId: officialLive, since, minInterval: "0 millis" }).pipe(
    Stream.take(tailComments),
    Stream.runCount
  )
  const before = await settle()
  let peakRss = before.rss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, 250)
  const cpu = process.cpuUsage()
  const started = performance.now()
  const counted = await runtime.runPromise(stream)
  const seconds = (performance.now() - started) / 1000
  const cpuUsed = process.cpuUsage(cpu)
  clearInterval(sampler)
  const after = await settle()
  await runtime.dispose()
  const requests = (await simulator.stats()).requests - requestsBefore
  return {
    comments: tailComments,
    counted,
    seconds,
    requests,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    rssBefore: before.rss,
    rssAfter: after.rss,
    peakRss,
    cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6
  }
}

// ---------------------------------------------------------------------------
// report

// ---------------------------------------------------------------------------
// 5. contention

/** The simulator's windows in part 5: the service's 60 per 60 s, ten times faster. */
const contentionScale = 0.1

interface ContentionRun {
  readonly label: string
  readonly calls: number
  readonly processes: number
  /** Epoch milliseconds: the first call sent, the last answer received. */
  readonly started: number
  readonly finished: number
  /** 2000 answers the simulator sent. */
  readonly refusals: number
  readonly requests: number
  readonly failures: number
  /** Time from the first call to the opening of the last window the calls need. */
  readonly theoretical: number
}

/**
 * The least time `calls` can take at `limit` per `windowMillis` on the
 * simulator (the first window ends on its first answer's whole second plus
 * the window; each next one opens at the previous reset): from the first
 * call to the opening of the last window needed.
 */
const minimumTime = (calls: number, limit: number, windowMillis: number, started: number) => {
  const firstEnd = Math.ceil((Math.floor(started / 1000) * 1000 + windowMillis) / 1000) * 1000
  const windows = Math.ceil(calls / limit)
  return windows <= 1 ? 0 : firstEnd - started + (windows - 2) * windowMillis
}

/** (a) `calls` concurrent calls on one token in this process, on its memory budget. */
const herd = async (calls: number): Promise<ContentionRun> => {
  const simulator = await Simulator.start({ limit: 60, windowSeconds: 60, timeScale: contentionScale })
  try {
    const runtime = sdkRuntime(simulator.baseUrl, "casma_jp", Retry.layer({ maxRateLimitWait: "10 minutes" }))
    await runtime.runPromise(Effect.void)
    const before = await simulator.stats()
    const started = epochNow()
    const results = await runtime.runPromise(Effect.all(
      Array.from({ length: calls }, () => Effect.either(Users.getUserInfo({ screenId: "twitcasting_jp" }))),
      { concurrency: "unbounded" }
    ))
    const finished = epochNow()
    await runtime.dispose()
    const after = await simulator.stats()
    return {
      label: "one process",
      calls,
      processes: 1,
      started,
      finished,
      refusals: after.limited - before.limited,
      requests: after.requests - before.requests,
      failures: results.filter(Either.isLeft).length,
      theoretical: minimumTime(calls, 60, 60_000 * contentionScale, started)
    }
  } finally {
    await simulator.stop()
  }
}

const fleetPath = fileURLToPath(new URL("fleet.ts", import.meta.url))

/**
 * (b, c) `processes` processes of `calls` concurrent calls each, on one
 * token: through one Redis budget when `redisPort` is given, each on its
 * own memory budget otherwise. They build their runtimes, then all start
 * at once.
 */
const fleet = async (processes: number, calls: number, redisPort?: number): Promise<ContentionRun> => {
  const simulator = await Simulator.start({ limit: 60, windowSeconds: 60, timeScale: contentionScale })
  try {
    const children = Array.from({ length: processes }, () => {
      const child = spawn(process.execPath, [
        ...process.execArgv.filter((arg) => !arg.startsWith("--cpu-prof")),
        fleetPath,
        "--base-url",
        simulator.baseUrl,
        "--token",
        tokenOf("casma_jp"),
        "--calls",
        String(calls),
        ...(redisPort === undefined ? [] : ["--redis-port", String(redisPort)])
      ], { cwd: fileURLToPath(benchDir), stdio: ["pipe", "pipe", "inherit"] })
      const lines: Array<string> = []
      const waiters: Array<() => void> = []
      let buffer = ""
      child.stdout.setEncoding("utf8").on("data", (data: string) => {
        buffer += data
        const parts = buffer.split("\n")
        buffer = parts.pop() ?? ""
        lines.push(...parts.filter((line) => line.trim() !== ""))
        for (const wake of waiters.splice(0)) wake()
      })
      const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)))
      const line = async (index: number): Promise<string> => {
        while (lines.length <= index) {
          const more = new Promise<void>((wake) => waiters.push(wake))
          const code = await Promise.race([more.then(() => undefined), exited])
          if (code !== undefined && lines.length <= index) throw new Error(`a fleet process exited (${code})`)
        }
        return lines[index]!
      }
      return { child, line, exited }
    })
    for (const { line } of children) await line(0)
    const before = await simulator.stats()
    for (const { child } of children) child.stdin.write("go\n")
    const reports = await Promise.all(children.map(async ({ exited, line }) => {
      const report = JSON.parse(await line(1)) as {
        readonly started: number
        readonly finished: number
        readonly failures: ReadonlyArray<string>
      }
      await exited
      return report
    }))
    const after = await simulator.stats()
    const started = Math.min(...reports.map((report) => report.started))
    return {
      label: redisPort === undefined ? "memory store (each process its own)" : "Redis store (shared)",
      calls: processes * calls,
      processes,
      started,
      finished: Math.max(...reports.map((report) => report.finished)),
      refusals: after.limited - before.limited,
      requests: after.requests - before.requests,
      failures: reports.reduce((sum, report) => sum + report.failures.length, 0),
      theoretical: minimumTime(processes * calls, 60, 60_000 * contentionScale, started)
    }
  } finally {
    await simulator.stop()
  }
}

const sideColors: Record<Side, string> = {
  sdk: "#d62728",
  floor: "#9467bd",
  platform: "#ff7f0e",
  fetch: "#1f77b4"
}

/** Rows of one mode: each side, and its ratios to fetch. */
const latencyRows = (mode: string, result: OverheadResult, which: "sequential" | "concurrent") => {
  const base = summarize(result.fetch[which])
  return sideNames.filter((side) => result[side][which].length > 0).map((side) => {
    const summary = summarize(result[side][which])
    const throughput = which === "concurrent"
      ? `${fixed(result[side].concurrent.length / (result[side].concurrentWall / 1000), 0)}/s`
      : ""
    return [
      `${mode}: ${sideLabels[side]}`,
      String(summary.count),
      ms(summary.median),
      ms(summary.p99),
      ms(summary.mean),
      `×${fixed(summary.median / base.median)}`,
      `×${fixed(summary.p99 / base.p99)}`,
      throughput
    ]
  })
}

const main = async () => {
  const began = performance.now()
  print(`# effect-twitcasting benchmarks`)
  print()
  print(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} memory, ${machine.platform}, Node ${machine.node}`
  )
  print(
    `packages: ${
      Object.entries(versions).filter(([name]) => name !== "node").map(([name, v]) => `${name} ${v}`).join(", ")
    }`
  )
  print(`commit: ${revision}`)
  print(`SDK: ${sdkBuild}`)
  print(`simulator: in a child process on 127.0.0.1 (src/bin.ts), so its CPU and memory are not measured`)
  print()

  const server = await Simulator.start({ limit: 1_000_000_000, windowSeconds: 60 })
  let summary: {
    overhead?: number
    budget?: number
    limited?: number
    heap?: number
    herdRefusals?: number
    fleetRefusals?: number
    fleetBudget?: number
  } = {}
  const panels: Array<Chart.Panel> = []
  try {
    if (parts.has("overhead")) {
      const result = await overhead(server.baseUrl)
      const seq = { sdk: summarize(result.sdk.sequential), base: summarize(result.fetch.sequential) }
      const conc = { sdk: summarize(result.sdk.concurrent), base: summarize(result.fetch.concurrent) }
      print(`## 1. Call overhead: Users.getUserInfo, SDK (${clientName}) vs fetch + JSON.parse`)
      print()
      print(
        `${overheadCalls} calls per side one at a time (batches of 100) and ${overheadCalls} at ${concurrency} ` +
          `concurrent (batches of 500), the sides taking turns (first side rotating), after a warm-up of ` +
          `500 + 500 calls each; rate limit 1e9 per 60 s (no interference). "HttpClient alone" is the same ` +
          `request through @effect/platform's HttpClient (${clientName}) with response.text + JSON.parse and ` +
          `nothing of the SDK: it shows how much of the overhead is the HTTP layer under the SDK. ` +
          `"HttpClient + span, timeout, Schema" adds to it what every idiomatic call has (a span of its own ` +
          `with Effect.fn, Effect.timeoutFail, the body decoded with Users.UserInfo) and nothing else: the ` +
          `floor of the SDK's cost.`
      )
      print()
      print(table([
        ["", "calls", "median", "p99", "mean", "median vs fetch", "p99 vs fetch", "throughput"],
        ...latencyRows("sequential", result, "sequential"),
        ...latencyRows(`${concurrency} concurrent`, result, "concurrent")
      ]))
      print()
      summary = { ...summary, overhead: seq.sdk.median / seq.base.median }
      const seriesOf = (which: "sequential" | "concurrent") =>
        sideNames.filter((side) => result[side][which].length > 0).map((side) => ({
          label: sideLabels[side],
          color: sideColors[side],
          samples: result[side][which]
        }))
      panels.push(
        {
          title: `One at a time: ${overheadCalls} calls each (median SDK ${fixed(seq.sdk.median)} ms, fetch ${
            fixed(seq.base.median)
          } ms)`,
          series: seriesOf("sequential")
        },
        {
          title: `${concurrency} concurrent: ${overheadCalls} calls each (median SDK ${
            fixed(conc.sdk.median)
          } ms, fetch ${fixed(conc.base.median)} ms)`,
          series: seriesOf("concurrent")
        }
      )
    }

    if (parts.has("decode")) {
      const result = await decode(server)
      const schema = medianOf(result.schema)
      const sync = medianOf(result.schemaSync)
      const parse = medianOf(result.parse)
      print(`## 2. Decode: a ${result.comments}-comment page (${result.bytes} bytes of JSON)`)
      print()
      print(`20 rounds of 500 operations per method, methods rotating; median of the rounds.`)
      print()
      print(table([
        ["", "per operation", "vs JSON.parse"],
        [
          "JSON.parse, then Schema.decodeUnknownEither(Comments.CommentPage)",
          `${fixed(schema, 1)} µs`,
          `×${fixed(schema / parse, 2)}`
        ],
        [
          "Schema.decodeUnknownSync(Schema.parseJson(Comments.CommentPage)) (as the SDK, through HttpApiClient)",
          `${fixed(sync, 1)} µs`,
          `×${fixed(sync / parse, 2)}`
        ],
        ["JSON.parse (baseline)", `${fixed(parse, 1)} µs`, "×1.00"]
      ]))
      print()
    }

    if (parts.has("budget")) {
      const result = await budget()
      print(
        `## 3. Rate-budget use: ${result.calls} calls one at a time, one token, ${result.limit} per ${
          result.windowMillis / 1000
        } s window`
      )
      print()
      print(
        `The simulator's 60 s window is scaled to 1 s, and the SDK's durations with it: ` +
          `Retry.layer({ rateLimitJitter: ${fixed(result.jitterMillis, 2)} ms }) (1 s / 60; the default is 1 s ` +
          `for a real 60 s window). The first call starts ${fixed(result.firstStart % result.windowMillis, 1)} ms ` +
          `into an aligned window.`
      )
      print()
      print(table([
        ["", "value"],
        [
          `theoretical minimum (first call → start of window ${Math.ceil(result.calls / result.limit)})`,
          ms(result.theoretical)
        ],
        ["measured (first call → last answer)", ms(result.measured)],
        ["minimum / measured", fixed(result.theoretical / result.measured, 4)],
        ["time over the minimum", ms(result.measured - result.theoretical)],
        [
          `  of which the last window's ${result.limit} calls (${result.limit} × median ${
            fixed(result.callMedian)
          } ms)`,
          ms(result.limit * result.callMedian)
        ],
        ["requests the server received for them", String(result.requests)],
        ["2000 answers (rate limited; simulator stats.limited)", String(result.limited)],
        ["answers per window", result.perWindow.join(" ")]
      ]))
      print()
      summary = { ...summary, budget: result.theoretical / result.measured, limited: result.limited }
    }

    if (parts.has("tail")) {
      const result = await tail(server)
      const heapGrowth = mb(result.heapAfter - result.heapBefore)
      print(`## 4. Long tail: Comments.tail over ${result.comments.toLocaleString("en")} comments`)
      print()
      print(
        `Comments added with the bulk control, then Comments.tail({ movieId: movie, since: <id before them>, ` +
          `minInterval: "0 millis" }) | Stream.take | Stream.runCount; memory after forced full GCs each time.`
      )
      print()
      print(table([
        ["", "value"],
        ["comments counted", result.counted.toLocaleString("en")],
        ["requests", result.requests.toLocaleString("en")],
        ["time", `${fixed(result.seconds, 1)} s`],
        [
          "throughput",
          `${fixed(result.counted / result.seconds, 0)} comments/s, ${
            fixed(result.requests / result.seconds, 0)
          } requests/s`
        ],
        [
          "CPU of the SDK's process (the rest is the simulator and the socket)",
          `${fixed(result.cpuSeconds, 1)} s (${fixed(100 * result.cpuSeconds / result.seconds, 0)}% of the time)`
        ],
        ["heap before → after", `${fixed(mb(result.heapBefore), 1)} → ${fixed(mb(result.heapAfter), 1)} MB`],
        ["heap growth", `${fixed(heapGrowth, 2)} MB`],
        ["RSS before → after", `${fixed(mb(result.rssBefore), 1)} → ${fixed(mb(result.rssAfter), 1)} MB`],
        ["RSS growth", `${fixed(mb(result.rssAfter - result.rssBefore), 2)} MB`],
        ["peak RSS during the tail", `${fixed(mb(result.peakRss), 1)} MB`]
      ]))
      print()
      summary = { ...summary, heap: heapGrowth }
    }
    if (parts.has("contention")) {
      const windowSeconds = 60 * contentionScale
      const a = await herd(300)
      const redis = await RedisServer.start()
      let b: ContentionRun
      try {
        b = await fleet(4, 100, redis.port)
      } finally {
        await redis.stop()
      }
      const c = await fleet(4, 100)
      print(`## 5. Contention: many calls at once on one token, 60 per ${windowSeconds} s window`)
      print()
      print(
        `The simulator keeps the service's windows (60 requests per 60 s per token, each opening at its first ` +
          `request) ten times faster (--time-scale ${contentionScale}). (a) ${a.calls} concurrent ` +
          `Users.getUserInfo in this process; (b) ${b.processes} processes × ${b.calls / b.processes} concurrent ` +
          `calls on the same token through Redis.layer (a redis-server the bench starts); (c) the same with each ` +
          `process on its own memory budget, for the record. Every call may wait up to 10 minutes ` +
          `(Retry.layer({ maxRateLimitWait })). The minimum is the time from the first call to the opening of the ` +
          `last window the calls need.`
      )
      print()
      const row = (name: string, run: ContentionRun) => [
        name,
        String(run.calls),
        String(run.requests),
        String(run.refusals),
        String(run.failures),
        ms(run.theoretical),
        ms(run.finished - run.started),
        fixed(run.theoretical / (run.finished - run.started), 3)
      ]
      print(table([
        ["", "calls", "requests", "2000 answers", "failed", "minimum", "measured", "minimum / measured"],
        row(`(a) ${a.label}`, a),
        row(`(b) ${b.processes} processes, ${b.label}`, b),
        row(`(c) ${c.processes} processes, ${c.label}`, c)
      ]))
      print()
      summary = {
        ...summary,
        herdRefusals: a.refusals,
        fleetRefusals: b.refusals,
        fleetBudget: b.theoretical / (b.finished - b.started)
      }
    }
    if (parts.has("size")) {
      print("## 6. Bundle size: the SDK in a browser page (esbuild, ES2022, minified)")
      print()
      const rows = await Effect.runPromise(Size.sizes)
      print(table([
        ["bundle", "minified", "minified + gzip", "of which the SDK (minified)"],
        ...rows.map((row) => [row.name, `${row.minified} B`, `${row.gzipped} B`, `${row.sdk} B`])
      ]))
      print()
    }
  } finally {
    await server.stop()
  }

  print(`total bench time: ${fixed((performance.now() - began) / 1000, 1)} s`)
  print()
  const targets = table([
    ["summary", "value", "target", "met"],
    ["overhead-vs-fetch", fixed(summary.overhead ?? Number.NaN), "≤ 1.25", met((summary.overhead ?? Infinity) <= 1.25)],
    ["rate-budget-used", fixed(summary.budget ?? Number.NaN), "≥ 0.97", met((summary.budget ?? 0) >= 0.97)],
    ["limit-errors", String(summary.limited ?? "n/a"), "0", met(summary.limited === 0)],
    ["tail-heap-growth-mb", fixed(summary.heap ?? Number.NaN, 2), "< 10", met((summary.heap ?? Infinity) < 10)],
    ["herd-refusals", String(summary.herdRefusals ?? "n/a"), "0", met(summary.herdRefusals === 0)],
    ["fleet-refusals", String(summary.fleetRefusals ?? "n/a"), "0", met(summary.fleetRefusals === 0)],
    ["fleet-budget-used", fixed(summary.fleetBudget ?? Number.NaN), "≥ 0.95", met((summary.fleetBudget ?? 0) >= 0.95)]
  ])
  print(targets)
  print()

  const summaryLines = [
    `overhead-vs-fetch: ${fixed(summary.overhead ?? Number.NaN)}`,
    `rate-budget-used: ${fixed(summary.budget ?? Number.NaN, 4)}`,
    `limit-errors: ${summary.limited ?? "n/a"}`,
    `tail-heap-growth-mb: ${fixed(summary.heap ?? Number.NaN, 2)}`,
    `herd-refusals: ${summary.herdRefusals ?? "n/a"}`,
    `fleet-refusals: ${summary.fleetRefusals ?? "n/a"}`,
    `fleet-budget-used: ${fixed(summary.fleetBudget ?? Number.NaN)}`
  ]
  if (complete) {
    const svg = Chart.render(
      "Users.getUserInfo latency per call against the simulator on 127.0.0.1",
      panels,
      `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; histograms per log bin, ` +
        `box p25–p75, whiskers p1–p99, bar at the median`
    )
    writeFileSync(new URL("latency.svg", benchDir), svg)
    const results = [
      "# Benchmark results",
      "",
      "Written by `pnpm bench` (packages/bench/src/bench.ts); every ratio is against a baseline measured in the same run.",
      "",
      "## Machine",
      "",
      table([
        ["", "value"],
        ["CPU", machine.cpu],
        ["cores", String(machine.cores)],
        ["memory", machine.memory],
        ["OS", machine.platform],
        ["Node", machine.node]
      ]),
      "",
      `Commit: ${revision}.`,
      "",
      "## Packages",
      "",
      table([["package", "version"], ...Object.entries(versions).filter(([name]) => name !== "node")]),
      "",
      "## Output",
      "",
      "```",
      ...out,
      ...summaryLines,
      "```",
      "",
      "![latency distributions](latency.svg)",
      ""
    ].join("\n")
    writeFileSync(new URL("RESULTS.md", benchDir), results)
    print(`wrote packages/bench/RESULTS.md and packages/bench/latency.svg`)
  }
  for (const line of summaryLines) console.log(line)
}

const met = (ok: boolean) => ok ? "yes" : "NO"

await main()
