-- GET a path for a random site of N per request.
-- args: N, path format with %04d for the site number
-- (e.g. /api/v1/sites/school-%04d/homepage), seed (default 42).
local n, fmt = 300, "/api/v1/sites/school-%04d/homepage"

function init(args)
  n = tonumber(args[1]) or n
  fmt = args[2] or fmt
  math.randomseed(tonumber(args[3]) or 42)
end

function request()
  return wrk.format("GET", string.format(fmt, math.random(1, n)))
end
