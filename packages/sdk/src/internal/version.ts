/** @internal */
export const version = "0.1.0"

/** @internal */
export const userAgent = `effect-twitcasting/${version}`
