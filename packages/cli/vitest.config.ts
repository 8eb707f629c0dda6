import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "cli",
    include: ["test/**/*.test.ts"],
    // the files share one import of the SDK, the simulator and @effect/cli
    // per worker instead of importing them again each: no test keeps state
    // at module level
    isolate: false
  }
})
