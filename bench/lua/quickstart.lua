-- W5: the Quick Start flow of one simulated integrator per connection (run with as many
-- threads as connections, so each thread's requests and responses are one sequence):
-- token, create a MassID, 10 appends to it, read it back; then again.
--   args: basic-auth  document-file  event-file  prefix
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
require("common")

local basic, document, event, prefix
local step, n, token, id = 0, 0, nil, nil
flows = 0

function init(args)
  basic = args[1]
  document = read_file(args[2])
  event = read_file(args[3])
  prefix = args[4] .. "-" .. tostring(tid)
end

local function unique(template)
  return (template:gsub("@DEDUP@", function()
    n = n + 1
    return prefix .. "-" .. n
  end))
end

function request()
  local json = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (token or "")}
  if step == 0 then
    return wrk.format("POST", "/oauth2/token", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Authorization"] = "Basic " .. basic,
    }, "grant_type=client_credentials")
  elseif step == 1 then
    return wrk.format("POST", "/documents", json, unique(document))
  elseif step <= 11 then
    return wrk.format("POST", "/documents/" .. id .. "/events", json, unique(event))
  else
    return wrk.format("GET", "/documents/" .. id, json)
  end
end

function response(status, headers, body)
  count_response(status, headers)
  if step == 0 then
    token = body:match('"access_token"%s*:%s*"([^"]+)"')
  elseif step == 1 then
    id = body:match('"id"%s*:%s*"([^"]+)"')
  end
  step = step + 1
  if step > 12 then
    step = 0
    flows = flows + 1
  end
  if (step == 1 and not token) or (step == 2 and not id) then
    step = 0 -- start the flow again after a failed token or create
  end
end
