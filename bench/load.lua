-- wrk script for bench_web.py: 50 users, each with their own session, draft and question.
-- Arguments: <users file> <mode>; mode "floor" (the minimal view), "section" (section GETs) or
-- "mixed" (a section GET, then an HTMX autosave POST, in turn). Prints one JSON line at the end.
local users, mode, n = {}, "mixed", 0

function init(args)
  mode = args[2] or mode
  for line in io.lines(args[1]) do
    local f = {}
    for part in string.gmatch(line, "[^\t]+") do f[#f + 1] = part end
    users[#users + 1] = f
  end
  n = math.random(#users)
end

function request()
  n = n + 1
  local u = users[(n % #users) + 1]
  local headers = { ["Cookie"] = u[1] }
  if mode == "floor" then return wrk.format("GET", "/bench/floor/", headers) end
  if mode == "section" or n % 2 == 0 then return wrk.format("GET", u[3], headers) end
  headers["X-CSRFToken"] = u[2]
  headers["HX-Request"] = "true"
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Referer"] = "http://127.0.0.1/"
  local value = u[6 + (math.floor(n / 2) % 2)] or u[6]
  return wrk.format("POST", u[4], headers, u[5] .. "=" .. value)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local socket = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format('{"rps": %.2f, "p50": %d, "p95": %d, "p99": %d, "errors": %d, "requests": %d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(95),
    latency:percentile(99), socket + errors.status, summary.requests))
end
