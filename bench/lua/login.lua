-- POST a site login. args: account, password.
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = string.format('{"account":"%s","password":"%s"}', args[1] or "admin",
    args[2] or "bench-admin-pass")
end
