-- The mixed visitor workload (issue 18): 80% homepages of random schools,
-- 15% news details, 5% news lists (page 1).
-- args: N sites, a file of "<site number> <news id>" lines (visible items,
-- one or more per site), seed (default 42).
local n, items = 300, {}

function init(args)
  n = tonumber(args[1]) or n
  for l in io.lines(args[2]) do
    local s, id = l:match("^(%d+) (%d+)$")
    if s then items[#items + 1] = { tonumber(s), tonumber(id) } end
  end
  math.randomseed(tonumber(args[3]) or 42)
end

function request()
  local r = math.random(100)
  if r <= 80 or #items == 0 then
    return wrk.format("GET", string.format("/api/v1/sites/school-%04d/homepage", math.random(1, n)))
  elseif r <= 95 then
    local it = items[math.random(1, #items)]
    return wrk.format("GET", string.format("/api/v1/sites/school-%04d/news/%d", it[1], it[2]))
  end
  return wrk.format("GET", string.format("/api/v1/sites/school-%04d/news?page=1&per_page=20", math.random(1, n)))
end
