/**
 * Writes the OpenAPI document of the API, as the simulator serves it at
 * `/openapi.json`, to `docs/openapi.json` at the root of the repository.
 *
 * Run by `pnpm run docs` (after docgen): `tsx scripts/openapi.ts`.
 */
import { Api } from "@effect-twitcasting/sdk"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"

const target = fileURLToPath(new URL("../../../docs/openapi.json", import.meta.url))
mkdirSync(dirname(target), { recursive: true })
writeFileSync(target, JSON.stringify(Api.openApi(), null, 2) + "\n")
console.log(`wrote ${target}`)
