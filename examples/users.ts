/**
 * Look up a user, their supporters and the lives they have scheduled.
 */
import { Supporters, Users } from "@effect-twitcasting/sdk"
import { Console, DateTime, Effect, Option } from "effect"

export const users = (screenId: string) =>
  Effect.gen(function*() {
    const { rateLimit, supporterCount, user } = yield* Users.getUserInfo({ screenId })
    yield* Console.log(
      `${user.name} (@${user.screenId}) level ${user.level}, ${supporterCount} supporters, live now: ${user.isLive}`
    )
    const { supporters, total } = yield* Supporters.supporterList({ screenId, sort: "ranking", limit: 5 })
    yield* Console.log(`top ${supporters.length} of ${total} supporters:`)
    for (const supporter of supporters) {
      yield* Console.log(
        `  ${supporter.name}: ${supporter.totalPoint} pt, since ${DateTime.formatIso(supporter.supported)}`
      )
    }
    const { liveSchedules } = yield* Users.getUpcomingLiveSchedules({ screenId, inDays: 14 })
    for (const schedule of liveSchedules) {
      yield* Console.log(`  scheduled: ${DateTime.formatIso(schedule.startAt)} ${schedule.title}`)
    }
    yield* Option.match(rateLimit, {
      onNone: () => Effect.void,
      onSome: (limit) => Console.log(`rate limit: ${limit.remaining}/${limit.limit} left`)
    })
  })
