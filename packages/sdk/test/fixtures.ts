/**
 * Wire JSON as the API answers it (shapes from the API documentation and
 * recorded responses), including the `null`s real responses show.
 */
export const user = {
  id: "182224938",
  screen_id: "twitcasting_jp",
  name: "ツイキャス公式",
  image: "http://202-234-44-53.moi.st/image3s/pbs.twimg.com/profile_images/613625726512705536/GLlBoXcS_normal.png",
  profile: "ツイキャスの公式アカウントです。",
  level: 24,
  last_movie_id: "189037369",
  is_live: true,
  supporter_count: 0,
  supporting_count: 0,
  created: 0
}

export const quietUser = {
  id: "2880417757",
  screen_id: "casma_jp",
  name: "キャスマ",
  image: "https://imagegw02.twitcasting.tv/image3s/pbs.twimg.com/profile_images/1/casma_normal.png",
  profile: "",
  level: 3,
  last_movie_id: null,
  is_live: false,
  supporter_count: 0,
  supporting_count: 0,
  created: 0,
  brand_new_field: "ignored"
}

export const movie = {
  id: "189037369",
  user_id: "182224938",
  title: "ライブ #189037369",
  subtitle: "雑談",
  last_owner_comment: "もいもい",
  category: "girls_jcjk_jp",
  link: "http://twitcasting.tv/twitcasting_jp/movie/189037369",
  is_live: true,
  is_recorded: false,
  comment_count: 2124,
  large_thumbnail: "http://202-230-12-92.twitcasting.tv/image3/image.twitcasting.tv/image55_1/39/7b/0b447b39-1.jpg",
  small_thumbnail: "http://202-230-12-92.twitcasting.tv/image3/image.twitcasting.tv/image55_1/39/7b/0b447b39-1-s.jpg",
  country: "jp",
  duration: 1186,
  created: 1438500282,
  is_collabo: false,
  is_protected: false,
  max_view_count: 1675,
  current_view_count: 20848,
  total_view_count: 20848,
  hls_url: "https://twitcasting.tv/twitcasting_jp/metastream.m3u8/?video=1"
}

export const recordedMovie = {
  ...movie,
  id: "189000001",
  title: "録画 #189000001",
  subtitle: null,
  last_owner_comment: null,
  category: null,
  is_live: false,
  is_recorded: true,
  current_view_count: 0,
  created: 1438400000,
  hls_url: null
}

export const comment = {
  id: "7134775954",
  message: "モイ！",
  from_user: {
    id: "2880417757",
    screen_id: "twitcasting_pr",
    name: "ツイキャス運営",
    image: "http://202-234-44-61.moi.st/image3s/pbs.twimg.com/profile_images/1/pr_normal.png",
    profile: "Twitcasting PR",
    level: 24,
    last_movie_id: "189037369",
    is_live: false,
    supporter_count: 0,
    supporting_count: 0,
    created: 0
  },
  created: 1479579471
}

export const liveSchedule = {
  id: "timetable-80959",
  user_id: "182224938",
  user_screen_id: "twitcasting_jp",
  start_at: 1767225600,
  title: "週末生配信",
  thumbnail: null
}

export const gift = {
  id: "2124",
  message: "ありがとう！",
  item_image: "https://twitcasting.tv/img/item_tea.png",
  item_sub_image: null,
  item_id: "tea",
  // a number on the wire, as the live API sends it (documented as a string)
  item_mp: 10,
  item_name: "お茶",
  user_image: "https://imagegw02.twitcasting.tv/image3s/pbs.twimg.com/profile_images/1/user_normal.png",
  user_screen_id: "twitcasting_pr",
  user_screen_name: "@twitcasting_pr",
  user_name: "ツイキャス運営"
}

export const supporter = {
  ...quietUser,
  supported: 1632716873,
  point: 10,
  total_point: 50
}

export const app = {
  client_id: "182224938.d37f58350925d568e2db24719fe86f12",
  name: "サンプルアプリケーション",
  owner_user_id: "182224938"
}

export const categories = {
  categories: [
    {
      id: "_system",
      name: "システム",
      sub_categories: [
        { id: "_system_new", name: "新着", count: 37 }
      ]
    },
    {
      id: "girls_jcjk",
      name: "女子中高生",
      sub_categories: [
        { id: "girls_jcjk_jp", name: "女子中高生", count: 120 },
        { id: "girls_jcjk_jp_music", name: "女子中高生 (音楽)", count: 0 }
      ]
    }
  ]
}

export const live = { movie, broadcaster: user, tags: ["人気", "雑談"] }

export const errorBody = (code: number, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details }
})
