-- One request shape over a pool of ids: args are
--   method  path  pool-file  body-file|-  token|-  prefix  limit  mode(stop|cycle)
-- Request number i uses pool[i mod #pool] for every "@ID@" in the path and the body (an
-- empty pool file means no ids); every "@DEDUP@" in the body becomes a
-- deduplicationId unique to (prefix, thread, i, occurrence), so a second run with the same
-- prefix and mode "cycle" replays exactly the same requests (W3). With mode "stop" the
-- pool is used up after ``limit`` requests: the thread is asked to stop, and any request
-- still made is a GET /healthz counted as "exhausted" (the suite then flags the figure);
-- with "cycle" it goes round the first ``limit`` requests again. A ninth argument
-- "count-failed" counts answers whose body holds a FAILED status (W6's verifications).
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
require("common")

local method, path, pool, body, headers, prefix, limit, mode
local i = 0

function init(args)
  method, path = args[1], args[2]
  pool = read_lines(args[3])
  if #pool == 0 then pool = {""} end
  body = args[4] ~= "-" and read_file(args[4]) or nil
  headers = {["Content-Type"] = "application/json"}
  if args[5] ~= "-" then headers["Authorization"] = "Bearer " .. args[5] end
  prefix = args[6] .. "-" .. tostring(tid)
  limit = tonumber(args[7])
  mode = args[8]
  count_failed = args[9] == "count-failed"
end

function request()
  if i >= limit then
    if mode == "stop" then
      wrk.thread:stop()
      exhausted = exhausted + 1
      return wrk.format("GET", "/healthz")
    else
      i = 0
    end
  end
  local n = i
  i = i + 1
  local item = pool[(n % #pool) + 1]
  local payload = nil
  if body then
    local k = 0
    payload = body:gsub("@ID@", item):gsub("@DEDUP@", function()
      k = k + 1
      return prefix .. "-" .. n .. "-" .. k
    end)
  end
  return wrk.format(method, (path:gsub("@ID@", item)), headers, payload)
end

function response(status, headers, body)
  count_response(status, headers)
  if count_failed and body:find('"status":%s*"FAILED"') then
    failed = failed + 1
  end
end
