import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "simulator",
    include: ["test/**/*.test.ts"],
    // the files of a worker share one import of the package and its
    // dependencies instead of importing them again each (a tenth of the
    // collect time); no test keeps state at module level, and every test
    // makes its own rate budget (Budget.layerIsolated)
    isolate: false
  }
})
