-- wrk script for benchmarks/bench_load.py: a run bounded in count as well as in time.
--
-- Each wrk thread sends at most QUOTA requests, then waits for the answers to all of them, so every
-- request sent is timed to its answer (no request is cut off when the run ends, which would leave the
-- slowest out of the percentiles). A thread that has all its answers says so on stderr; the benchmark
-- interrupts wrk once every thread has (wrk otherwise waits out -d). What is still unanswered when -d
-- runs out is reported as "unanswered". Every answer that is not 2xx is counted (a redirect to the
-- login page is a failure here), and done() prints one line of JSON that the benchmark reads.
--
-- wrk counts a connection the server closes as a read error, also a kept-alive one left idle once its
-- thread has sent its quota (the server closes those after its keep-alive time). Only a request that
-- was lost is a failure: wrk sends it again on a new connection, so "resent" (requests written minus
-- requests let through by delay()) counts the requests whose connection broke before their answer.
--
-- Usage: wrk -t2 -c20 -d30s --timeout 60s -s load_report.lua -H "Cookie: ..." URL -- QUOTA

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  quota = tonumber(args[1]) or 1000
  sent = 0
  written = 0
  answers = 0
  not_2xx = 0
end

-- Called before every request: the first QUOTA go at once, the rest never (about 30 years).
function delay()
  if sent < quota then
    sent = sent + 1
    return 0
  end
  return 1000000000000
end

-- wrk calls request() once before the run to check it (sent is still 0 then): that one is not counted.
function request()
  if sent > 0 then
    written = written + 1
  end
  return wrk.format()
end

function response(status, headers, body)
  answers = answers + 1
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
  end
  if answers >= quota then
    io.stderr:write("WORTH-THREAD-DONE\n")
    io.stderr:flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local not_ok, all_sent, all_written = 0, 0, 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("not_2xx")
    all_sent = all_sent + thread:get("sent")
    all_written = all_written + thread:get("written")
  end
  local e = summary.errors
  io.write(string.format(
    'WORTH-LOAD {"sent": %d, "resent": %d, "requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "not_2xx": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "timeout": %d}\n',
    all_sent, all_written - all_sent, summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, not_ok,
    e.connect, e.read, e.write, e.timeout))
end
