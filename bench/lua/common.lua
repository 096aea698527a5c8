-- Shared by the benchmark scripts: per-thread counters reported as one JSON line by done().
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

statuses = {}
replays = 0
exhausted = 0
failed = 0
count_failed = false

function count_response(status, headers)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if headers["idempotent-replayed"] == "true" or headers["Idempotent-Replayed"] == "true" then
    replays = replays + 1
  end
end

function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then table.insert(lines, line) end
  end
  return lines
end

function read_file(path)
  local handle = assert(io.open(path, "rb"))
  local text = handle:read("*a")
  handle:close()
  return text
end

function done(summary, latency, requests)
  local total_replays, total_exhausted, total_failed, merged = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    total_replays = total_replays + (thread:get("replays") or 0)
    total_exhausted = total_exhausted + (thread:get("exhausted") or 0)
    total_failed = total_failed + (thread:get("failed") or 0)
    local seen = thread:get("statuses") or {}
    for status, n in pairs(seen) do merged[status] = (merged[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(merged) do table.insert(parts, string.format('"%s": %d', status, n)) end
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f, '
      .. '"max_us": %d, "errors_connect": %d, "errors_read": %d, "errors_write": %d, '
      .. '"errors_timeout": %d, "errors_status": %d, "replays": %d, "exhausted": %d, '
      .. '"failed": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, latency.max, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status, total_replays, total_exhausted, total_failed,
    table.concat(parts, ", ")))
end
