-- GET a path for site 1, 2, … N in turn and stop after N responses: on a
-- freshly started server every request is the first for its site (a cache
-- miss). Requests already in flight when the N-th response arrives (at most
-- one per connection) are dropped, not counted.
-- args: N, path format with %04d for the site number.
local n, fmt = 300, "/api/v1/sites/school-%04d/homepage"
local sent, received = 0, 0

function init(args)
  n = tonumber(args[1]) or n
  fmt = args[2] or fmt
end

function request()
  sent = sent + 1
  return wrk.format("GET", string.format(fmt, ((sent - 1) % n) + 1))
end

function response(status, headers, body)
  received = received + 1
  if received >= n then
    wrk.thread:stop()
  end
end
