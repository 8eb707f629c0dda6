// Every package's tests. `pnpm test` runs them with --no-isolate: the files
// of a worker share one import of the packages and their dependencies
// instead of importing them again each (collect time from 90 s to under
// 10 s on 2 cores); no test keeps state at module level, and every test
// makes its own rate budget (Budget.layerIsolated).
export default ["packages/*/vitest.config.ts"]
