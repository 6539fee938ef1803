-- PATCH a news item's title, a new title each request: a real change that
-- writes the row, its search tokens, a version and an audit entry, and
-- bumps the site's content version. args: an access token.
local n = 0
local token
function init(args)
  token = args[1]
end
function request()
  n = n + 1
  return wrk.format("PATCH", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, string.format('{"title":"bench write %d"}', n))
end
