/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions with the
 * most self time, and self time per package.
 *
 * `tsx src/profile.ts <file.cpuprofile | directory (newest profile)> [top]`
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { table } from "./stats.js"

interface ProfileNode {
  readonly id: number
  readonly children?: ReadonlyArray<number>
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
  }
}

interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const target = process.argv[2] ?? ".profile"
const top = Number(process.argv[3] ?? 30)

const file = statSync(target).isDirectory()
  ? readdirSync(target)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => join(target, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  : target
if (file === undefined) throw new Error(`no .cpuprofile in ${target}`)

const profile = JSON.parse(readFileSync(file, "utf8")) as Profile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const self = new Map<number, number>()
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
})

/** Where a script comes from: a package of node_modules, a workspace package, or node itself. */
const origin = (url: string): string => {
  if (url === "") return "(native / VM)"
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (pnpm !== null) return pnpm[1]!
  const workspace = /packages\/([^/]+)\//.exec(url)
  if (workspace !== null) return `@effect-twitcasting/${workspace[1]!}`
  if (url.startsWith("node:")) return "node (built-in)"
  return url
}
const shortUrl = (url: string) =>
  url.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "").replace(/^.*\/packages\//, "")

let total = 0
const functions = new Map<string, number>()
const packages = new Map<string, number>()
for (const [id, micros] of self) {
  const node = byId.get(id)
  if (node === undefined) continue
  total += micros
  const frame = node.callFrame
  const name = `${frame.functionName || "(anonymous)"} ${
    frame.url === "" ? "" : `${shortUrl(frame.url)}:${frame.lineNumber + 1}`
  }`.trim()
  functions.set(name, (functions.get(name) ?? 0) + micros)
  packages.set(origin(frame.url), (packages.get(origin(frame.url)) ?? 0) + micros)
}

/**
 * The layer a sample's time belongs to: the innermost frame of its stack
 * that names one.
 */
const layers: ReadonlyArray<readonly [string, (frame: ProfileNode["callFrame"]) => boolean]> = [
  ["idle", (frame) => frame.functionName === "(idle)"],
  ["garbage collector", (frame) => frame.functionName === "(garbage collector)"],
  [
    "socket writes (loopback TCP in the kernel)",
    (frame) => /^write(Latin1|Utf8|Buffer|v)String$|^writev$/.test(frame.functionName) && frame.url === ""
  ],
  ["JSON.parse", (frame) => frame.functionName === "parse" && frame.url === ""],
  ["module loading (tsx, ESM)", (frame) => /modules\/esm|tsx|source_map|cjs-module-lexer|wasm:/.test(frame.url)],
  [
    "effect Schema (decode, ParseResult)",
    (frame) => /effect\/dist\/esm\/(ParseResult|Schema|SchemaAST)\.js/.test(frame.url)
  ],
  ["SDK: RateLimit.fromHeaders", (frame) => /sdk\/(src|dist)\/RateLimit\.(ts|js)/.test(frame.url)],
  ["@effect/platform HttpApiClient", (frame) => /@effect\/platform\/dist\/esm\/HttpApiClient\.js/.test(frame.url)],
  [
    "fetch (undici, AbortSignal, web streams)",
    (frame) => /internal\/deps\/undici|abort_controller|webstreams|internal\/encoding|internal\/url/.test(frame.url)
  ],
  ["@effect/platform (HttpClient, FetchHttpClient, Headers)", (frame) => frame.url.includes("@effect/platform")],
  [
    "effect Stream / Channel (reading the body)",
    (frame) => /effect\/dist\/esm\/internal\/(stream|channel)/.test(frame.url)
  ],
  ["SDK code (sdk/dist, or sdk/src through tsx)", (frame) => /sdk\/(src|dist)\//.test(frame.url)],
  ["bench code", (frame) => frame.url.includes("bench/src")],
  ["effect runtime (fibers, spans, timeouts, scheduler)", (frame) => frame.url.includes("effect/dist")]
]
const parentOf = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)
const layerCache = new Map<number, string>()
const layerOf = (id: number): string => {
  const cached = layerCache.get(id)
  if (cached !== undefined) return cached
  let found = "other (node internals, native)"
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const frame = byId.get(at)?.callFrame
    const layer = frame === undefined ? undefined : layers.find(([, test]) => test(frame))
    if (layer !== undefined) {
      found = layer[0]
      break
    }
  }
  layerCache.set(id, found)
  return found
}
const byLayer = new Map<string, number>()
for (const [id, micros] of self) byLayer.set(layerOf(id), (byLayer.get(layerOf(id)) ?? 0) + micros)

const share = (micros: number) => `${((100 * micros) / total).toFixed(1)}%`
const rows = (map: Map<string, number>, count: number) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, micros]) => [
    name,
    `${(micros / 1000).toFixed(0)} ms`,
    share(micros)
  ])

console.log(`profile: ${file} (${(total / 1e6).toFixed(1)} s sampled)`)
console.log()
console.log(table([["self time by layer (innermost frame that names one)", "self", "share"], ...rows(byLayer, 20)]))
console.log()
console.log(table([["self time by package", "self", "share"], ...rows(packages, 12)]))
console.log()
console.log(table([["top functions by self time", "self", "share"], ...rows(functions, top)]))
