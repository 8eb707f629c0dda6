#!/usr/bin/env node
/**
 * The `twitcasting` executable: runs the command line and exits with its
 * code (0 ok, 1 API or network failure, 2 usage, 130 interrupted).
 *
 * @example
 * ```sh
 * twitcasting --help
 * twitcasting live casma_jp
 * ```
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Cli from "./Cli.js"

Cli.run(process.argv).pipe(
  Effect.provide(Cli.layer),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) && typeof exit.value === "number" ? exit.value : 130)
  })
)
