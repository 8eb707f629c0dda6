/**
 * Path templates such as `/_simulator/users/:user/live`, for the control routes.
 *
 * @internal
 */

/** The parameters of `path` if it matches `template`. */
export const matchPath = (template: string, path: string): Record<string, string> | undefined => {
  const expected = template.split("/")
  const actual = path.split("/")
  if (expected.length !== actual.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < expected.length; i++) {
    const part = expected[i]!
    const value = actual[i]!
    if (part.startsWith(":")) {
      if (value === "") return undefined
      try {
        params[part.slice(1)] = decodeURIComponent(value)
      } catch {
        return undefined
      }
    } else if (part !== value) return undefined
  }
  return params
}
