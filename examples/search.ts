/**
 * Search users and lives, and list the categories being streamed.
 */
import { Categories, Search } from "@effect-twitcasting/sdk"
import { Console, Effect } from "effect"

export const search = (words: string) =>
  Effect.gen(function*() {
    const { users } = yield* Search.searchUsers({ words, limit: 5 })
    yield* Console.log(`users matching "${words}": ${users.map((user) => `@${user.screenId}`).join(", ") || "(none)"}`)
    const { movies } = yield* Search.searchLiveMovies({ type: "new", limit: 5 })
    yield* Console.log(`newest lives:`)
    for (const { broadcaster, movie } of movies) {
      yield* Console.log(`  ${broadcaster.name}: "${movie.title}" (${movie.currentViewCount} watching)`)
    }
    const { categories } = yield* Categories.getCategories({ lang: "ja" })
    for (const category of categories) {
      const counts = category.subCategories.map((sub) => `${sub.name} ${sub.count}`).join(", ")
      yield* Console.log(`category ${category.name}: ${counts}`)
    }
  })
