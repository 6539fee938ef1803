-- Keyword searches of 1 to 4 characters on one site's news list (issue 18:
-- search stays uncached but bounded by YASS_SEARCH_CAP).
-- args: path prefix (e.g. /api/v1/sites/scale-100000/news?q=), seed.
local prefix = "/api/v1/sites/scale-100000/news?q="
-- Words the generator's titles and bodies are made of, and pieces of them.
local words = { "校", "會", "學", "公告", "活動", "運動會", "獎學金", "家長日", "新生", "比賽",
  "防災", "午餐", "課程", "圖書館", "颱風停課", "校外教學", "x", "ab", "2026", "申請" }

local function encode(s)
  return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  prefix = args[1] or prefix
  math.randomseed(tonumber(args[2]) or 42)
end

function request()
  return wrk.format("GET", prefix .. encode(words[math.random(1, #words)]))
end
