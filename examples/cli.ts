/**
 * The `twitcasting` command, run in-process on a few command lines against
 * the simulator (`pnpm cli:demo` runs the full tour).
 */
import { Cli, Tour } from "@effect-twitcasting/cli"
import { Seed } from "@effect-twitcasting/simulator"
import { ConfigProvider, Effect } from "effect"
import { tmpdir } from "node:os"

export const cli = (baseUrl: string) => {
  const env = {
    TWITCASTING_BASE_URL: baseUrl,
    TWITCASTING_ACCESS_TOKEN: Seed.demoToken("casma_jp"),
    // the tour stores nothing; no need to read the user's own configuration
    TWITCASTING_CONFIG_DIR: tmpdir()
  }
  return Tour.run(Tour.short, { env }).pipe(
    Effect.filterOrFail((ok) => ok, () => "a command of the tour did not end as it should"),
    Effect.provide(Cli.layer),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )
}
